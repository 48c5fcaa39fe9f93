-- http_errors: httpc's failures: a refused connect, https to a closed port, a reply that is not
-- HTTP, a body shorter than its Content-Length.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local httpc = require "http.httpc"
local socket = require "skynet.socket"
skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	skynet.error("refused", pcall(httpc.get, "127.0.0.1:" .. port, "/"))
	skynet.error("https nossl", pcall(httpc.get, "https://127.0.0.1:" .. port, "/"))
	local l2, _, p2 = socket.listen("127.0.0.1", 0)
	socket.start(l2, function(fd)
		socket.start(fd)
		socket.readline(fd, "\r\n\r\n")
		socket.write(fd, "HTTP/1.1 200\r\n\r\n")
		socket.close(fd)
	end)
	skynet.error("no reason phrase", pcall(httpc.get, "127.0.0.1:" .. p2, "/"))
	local l3, _, p3 = socket.listen("127.0.0.1", 0)
	socket.start(l3, function(fd)
		socket.start(fd)
		socket.readline(fd, "\r\n\r\n")
		socket.write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
		socket.close(fd)
	end)
	skynet.error("short body", pcall(httpc.get, "127.0.0.1:" .. p3, "/"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
