-- http_keepalive: an httpd looping on read_request over one connection while a raw client pipelines four requests (skynet's readfunc keeps no leftover: the second read fails), a body read with a limit (413), a handler answering 404 and 500 with headers, and httpc.request reusing nothing (each request its own connection) with a custom header table and recvheader.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local httpc = require "http.httpc"

local log = skynet.error

local function serve(id)
	socket.start(id)
	local served = 0
	while true do
		local code, url, method, header, body = httpd.read_request(sockethelper.readfunc(id), 32)
		if not code then
			log("server: read ended", url)
			break
		end
		served = served + 1
		if code ~= 200 then
			log("server: read_request code", code)
			httpd.write_response(sockethelper.writefunc(id), code)
			break
		end
		log("server got", method, url, #(body or ""), header["x-test"], header.connection)
		local status, text, extra = 200, "ok " .. url, { ["x-served"] = tostring(served) }
		if url == "/missing" then status, text = 404, "no such page" end
		if url == "/boom" then status, text = 500, "boom" end
		local ok, err = httpd.write_response(sockethelper.writefunc(id), status, text, extra)
		if not ok then log("server: write failed", err) break end
		if header.connection == "close" then break end
	end
	socket.close(id)
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id) skynet.fork(serve, id) end)
	-- a raw client: three pipelined requests, then one asking to close
	local c = socket.open("127.0.0.1", port)
	local req = "GET /one HTTP/1.1\r\nHost: x\r\nX-Test: 1\r\n\r\n"
		.. "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
		.. "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
		.. "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	socket.write(c, req)
	local all = socket.readall(c)
	local statuses = {}
	for line in all:gmatch("HTTP/1%.1 (%d+)") do statuses[#statuses + 1] = line end
	log("raw client statuses", table.concat(statuses, " "))
	log("raw client saw x-served", select(2, all:gsub("x%-served", "")))
	socket.close(c)
	-- a body over the limit
	local c2 = socket.open("127.0.0.1", port)
	-- (the body is not sent: the server closes without reading it, and unread
	-- bytes would make its close a reset, which skynet logs or not by timing)
	socket.write(c2, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	local resp = socket.readall(c2)
	log("big body answer", resp:match("^HTTP/1%.1 (%d+)"))
	socket.close(c2)
	-- httpc with headers and recvheader
	local recv = {}
	local status, body = httpc.request("GET", "127.0.0.1:" .. port, "/boom", recv, { ["X-Test"] = "from httpc" })
	log("httpc /boom", status, body, recv["x-served"], recv["content-length"])
	status, body = httpc.get("127.0.0.1:" .. port, "/missing", {}) -- (a recvheader table is filled, not cleared: a fresh one)
	log("httpc /missing", status, body)
	socket.close(lid)
	skynet.sleep(20)
	skynet.abort()
end)
