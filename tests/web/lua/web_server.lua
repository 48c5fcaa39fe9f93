-- web_server: the server the web tests talk to: a few HTTP routes, a websocket
-- echo at /ws (upgraded from httpd), and the same over TLS when a certificate is set.
-- It prints "listening http <port>" (and "listening https <port>") for the driver.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"
local websocket = require "http.websocket"

local function ws_echo_handle()
	return {
		message = function(id, data, op)
			websocket.write(id, data, op)
		end,
		close = function(id, code, reason)
			skynet.error(string.format("ws %d closed: %s %s", id, tostring(code), tostring(reason)))
		end,
	}
end

-- One request, one response; the connection closes after it, as skynet's simpleweb.
local function serve(id, addr, interface)
	local code, url, method, header, body = httpd.read_request(interface.read, 64 * 1024)
	if not code then
		if url == sockethelper.socket_error then
			skynet.error("http: socket " .. id .. " closed")
		else
			skynet.error("http: socket " .. id .. ": " .. tostring(url))
		end
		return
	end
	if code ~= 200 then
		httpd.write_response(interface.write, code)
		return
	end
	local path, query = urllib.parse(url)
	if path == "/ws" and header.upgrade and interface.protocol == "ws" then
		websocket.accept(id, ws_echo_handle(), interface.protocol, addr,
			{ upgrade = { header = header, method = method, url = url } })
		return "upgraded"
	elseif path == "/hello" then
		httpd.write_response(interface.write, 200, "hello\n", { ["content-type"] = "text/plain" })
	elseif path == "/echo" then
		local q = urllib.parse_query(query)
		local fields = {}
		for k, v in pairs(q) do
			fields[#fields + 1] = k .. "=" .. (type(v) == "table" and table.concat(v, ",") or v)
		end
		table.sort(fields)
		local text = string.format("method=%s path=%s query=%s x-test=%s body=%s", method, path,
			table.concat(fields, "&"), tostring(header["x-test"]), body)
		httpd.write_response(interface.write, 200, text)
	elseif path == "/chunked" then
		local n = 0
		httpd.write_response(interface.write, 200, function()
			n = n + 1
			if n <= 3 then return "part" .. n .. ";" end
		end)
	elseif path == "/quit" then
		httpd.write_response(interface.write, 200, "bye")
		skynet.timeout(1, function() skynet.abort(0) end)
	else
		httpd.write_response(interface.write, 404, "no such page: " .. path)
	end
end

local function plain_interface(id)
	return { read = sockethelper.readfunc(id), write = sockethelper.writefunc(id), protocol = "ws" }
end

local SSLCTX
local CERTFILE, KEYFILE = skynet.getenv("certfile"), skynet.getenv("keyfile")
local function tls_interface(id)
	local tls = require "http.tlshelper"
	if not SSLCTX then
		SSLCTX = tls.newctx()
		SSLCTX:set_cert(CERTFILE, KEYFILE)
	end
	local ctx = tls.newtls("server", SSLCTX)
	tls.init_responsefunc(id, ctx)()
	return { read = tls.readfunc(id, ctx), write = tls.writefunc(id, ctx), protocol = "wss", close = tls.closefunc(ctx) }
end

local function listen(kind, make_interface)
	-- A backlog of 1024, not 32: the attack tests connect and close hundreds of
	-- times in a row, and a full backlog costs a 1 s SYN retry (11 s of the run).
	local lid, _, port = socket.listen("127.0.0.1", 0, 1024)
	socket.start(lid, function(id, addr)
		socket.start(id)
		local ok, interface = pcall(make_interface, id)
		if not ok then
			skynet.error("http: socket " .. id .. ": " .. tostring(interface))
			socket.close(id)
			return
		end
		local done, result = pcall(serve, id, addr, interface)
		if not done then
			skynet.error("http: socket " .. id .. ": " .. tostring(result))
		end
		if result ~= "upgraded" then
			socket.close(id)
		end
		if interface.close then interface.close() end
	end)
	skynet.error(string.format("listening %s %d", kind, port))
	return port
end

skynet.start(function()
	local ports = { http = listen("http", plain_interface) }
	if (skynet.getenv("cert_dir") or "") ~= "" then
		ports.https = listen("https", tls_interface)
		-- A websocket-only port over TLS: websocket.accept does the TLS handshake
		-- itself (with the config's certfile and keyfile) before the upgrade.
		local wid, _, wport = socket.listen("127.0.0.1", 0)
		socket.start(wid, function(id, addr)
			local ok, err = websocket.accept(id, ws_echo_handle(), "wss", addr)
			if not ok then
				skynet.error("wss: socket " .. id .. ": " .. tostring(err))
			end
		end)
		skynet.error(string.format("listening wss %d", wport))
		ports.wss = wport
	end
	-- For Lua tests that start this server as a service: "ports", or "tls" with cert files.
	skynet.dispatch("lua", function(_, _, cmd, certfile, keyfile)
		if cmd == "tls" then
			CERTFILE, KEYFILE = certfile, keyfile
			ports.https = ports.https or listen("https", tls_interface)
		end
		skynet.ret(skynet.pack(ports))
	end)
end)
