-- https_more: httpc over TLS against a server of the program's own on tlshelper and httpd: a chunked (streamed)
-- response, a 200 KB body, request_stream read piece by piece and whole, head, a 404 with a body, a response
-- with no length ended by the close, a server that closes before answering, and a handshake the server breaks.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function show(v)
	if type(v) == "string" and #v > 60 then return "<" .. #v .. " bytes " .. v:sub(1, 8) .. ">" end
	return (tostring(v):gsub("fd = %d+", "fd = N"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	require("ltls.init.c").constructor()
	local tlshelper = require "http.tlshelper"
	local httpd = require "http.httpd"
	local httpc = require "http.httpc"
	local certfile, keyfile = require("tls_files").write_pair()
	local ctx = tlshelper.newctx()
	ctx:set_cert(certfile, keyfile)

	local function serve(id)
		socket.start(id)
		local tls = tlshelper.newtls("server", ctx)
		local ok, err = pcall(tlshelper.init_responsefunc(id, tls))
		if not ok then
			skynet.error("server: handshake failed", err)
			socket.close(id)
			return
		end
		local code, url, method = httpd.read_request(tlshelper.readfunc(id, tls), 100000)
		skynet.error("server got", code, method, url)
		local w = tlshelper.writefunc(id, tls)
		if url == "/chunked" then
			local parts = { "one,", "two,", "three" }
			local i = 0
			httpd.write_response(w, 200, function()
				i = i + 1
				return parts[i]
			end)
		elseif url == "/big" then
			httpd.write_response(w, 200, string.rep("0123456789", 20000))
		elseif url == "/missing" then
			httpd.write_response(w, 404, "no such page", { ["x-why"] = "gone" })
		elseif url == "/nolength" then
			w("HTTP/1.1 200 OK\r\nX-Kind: raw\r\n\r\nall of it until the close")
		elseif url == "/hangup" then
			-- nothing
		else
			httpd.write_response(w, 200, "hello " .. method)
		end
		socket.close(id)
	end

	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id) skynet.fork(serve, id) end)
	local host = "https://127.0.0.1:" .. port
	try("get", httpc.get, host, "/")
	try("head", httpc.head, host, "/")
	try("chunked", httpc.get, host, "/chunked")
	try("big", httpc.get, host, "/big")
	local header = {}
	try("404", httpc.request, "GET", host, "/missing", header)
	skynet.error("404 header", header["x-why"])
	try("no length", httpc.get, host, "/nolength")
	try("hangup", httpc.get, host, "/hangup")
	local stream = httpc.request_stream("GET", host, "/chunked")
	skynet.error("stream", stream.status, stream.header["transfer-encoding"])
	for piece in stream do skynet.error("stream piece", show(piece)) end
	-- (how the 200 KB come in pieces depends on how the socket layer reads: only the total is logged)
	local whole = httpc.request_stream("GET", host, "/big")
	local parts = {}
	for piece in whole do parts[#parts + 1] = piece end
	skynet.error("stream total", show(table.concat(parts)))
	-- a client that speaks no TLS: the server's handshake fails
	local raw = socket.open("127.0.0.1", port)
	socket.write(raw, "GET / HTTP/1.1\r\n\r\n")
	skynet.error("raw read", show(socket.read(raw)))
	socket.close(raw)
	socket.close(listener)
	os.remove(certfile)
	os.remove(keyfile)
	skynet.sleep(10)
	skynet.abort()
end)
