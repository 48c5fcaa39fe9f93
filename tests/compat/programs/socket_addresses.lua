-- socket_addresses: "host:port" and "[v6]:port" addresses for listen and open, a backlog, readline
-- with a separator, reads after the peer closed, and the errors of addresses without a port or
-- with a bad one.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
skynet.start(function()
	local lid, host, port = socket.listen("127.0.0.1:0")
	skynet.error("listen combined", type(lid), host, port ~= nil)
	local l2 = socket.listen("127.0.0.1", 0, 16)
	skynet.error("listen backlog", type(l2))
	socket.start(lid, function(fd, addr)
		skynet.error("accept", type(fd), addr:match("^127%.0%.0%.1:%d+$") ~= nil)
		socket.start(fd)
		skynet.error("server reads", socket.read(fd, 3))
		socket.write(fd, "pong\n")
		skynet.error("server readline", socket.readline(fd))
		socket.close(fd)
	end)
	local c = socket.open("127.0.0.1:" .. port)
	skynet.error("open combined", type(c))
	socket.write(c, "pin")
	skynet.error("client readline", socket.readline(c, "\n"))
	socket.write(c, "x\r\ny\n")
	skynet.sleep(5)
	skynet.error("client after server close", socket.read(c))
	skynet.error("invalid", socket.invalid(c), socket.disconnected(c))
	socket.close(c)
	skynet.error("bad open", pcall(socket.open, "127.0.0.1"))
	skynet.error("open nothing", pcall(socket.open, "127.0.0.1", 1))
	skynet.error("bad port", pcall(socket.open, "127.0.0.1:abc"))
	skynet.error("big port", pcall(socket.open, "127.0.0.1:99999"))
	skynet.error("port 0", pcall(socket.open, "127.0.0.1:0"))
	skynet.error("v6 unclosed", pcall(socket.open, "[::1"))
	skynet.error("v6 no port", pcall(socket.open, "[::1]"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
