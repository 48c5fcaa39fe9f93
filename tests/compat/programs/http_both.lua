-- http_both: an httpd service answering httpc requests (GET, POST, headers, status, a bad request).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"

local mode = ...
local log = skynet.error

local function sorted_pairs(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys)
	local i = 0
	return function()
		i = i + 1
		local k = keys[i]
		if k then return k, t[k] end
	end
end

if mode == "server" then
	skynet.start(function()
		local id, _, port = socket.listen("127.0.0.1", 0)
		socket.start(id, function(fd)
			socket.start(fd)
			local code, url, method, header, body = httpd.read_request(sockethelper.readfunc(fd), 8192)
			if not code then
				log("server: read failed", url)
			elseif code ~= 200 then
				log("server: bad request", code)
				httpd.write_response(sockethelper.writefunc(fd), code)
			else
				local path, query = urllib.parse(url)
				log("server:", method, path, query, "body", body)
				local q = query and urllib.parse_query(query) or {}
				for k, v in sorted_pairs(q) do log("server: query", k, v) end
				log("server: x-test", header["x-test"], "host", header.host ~= nil)
				local status = tonumber(q.status) or 200
				local ok, err = httpd.write_response(sockethelper.writefunc(fd), status,
					"you asked " .. path, { ["X-Reply"] = "yes" })
				log("server: write", ok, err)
			end
			socket.close(fd)
		end)
		skynet.dispatch("lua", function() skynet.ret(skynet.pack(port)) end)
	end)
else
	skynet.start(function()
		local httpc = require "http.httpc"
		local server = skynet.newservice(SERVICE_NAME, "server")
		local host = "127.0.0.1:" .. skynet.call(server, "lua")
		local recv = {}
		local status, body = httpc.get(host, "/hello?b=2&a=1", recv)
		skynet.sleep(2) -- the server logs its write first
		log("client: get", status, body, recv["x-reply"], recv["content-length"])
		skynet.sleep(2)
		status, body = httpc.request("POST", host, "/post", recv, { ["X-Test"] = "posted" }, "payload")
		skynet.sleep(2)
		log("client: post", status, body)
		skynet.sleep(2)
		status, body = httpc.get(host, "/missing?status=404")
		skynet.sleep(2)
		log("client: status", status, body)
		skynet.sleep(2)
		status, body = httpc.post(host, "/form", { k = "v" })
		skynet.sleep(2)
		log("client: post form", status, body)
		skynet.sleep(2)
		local fd = socket.open(host)
		socket.write(fd, "NOT HTTP\r\n\r\n")
		log("client: raw answer", socket.readline(fd, "\r\n"))
		socket.close(fd)
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
