-- socket_listen_errors: listen on a port in use, on an address that is not one, with a backlog; connect refused and to a name that does not resolve; shutdown then read; close_fd; a 100 KB write with a warning callback (under skynet's 128 KB pause: whether a pause is resumed is timing); limit.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error
skynet.start(function()
	local lid, addr, port = socket.listen("127.0.0.1", 0, 8)
	log("listen backlog", type(lid), addr, type(port))
	log("again same port", pcall(socket.listen, "127.0.0.1", port))
	log("bad address", pcall(socket.listen, "no.such.host.invalid", 0))
	log("listen host:port", pcall(socket.listen, "127.0.0.1:0"))
	-- a free port: listen and close
	local fid, _, fport = socket.listen("127.0.0.1", 0)
	socket.close(fid)
	log("refused", socket.open("127.0.0.1", fport))
	log("unresolved", socket.open("no.such.host.invalid", 80))
	log("open host:port refused", socket.open("127.0.0.1:" .. fport))
	local got = {}
	socket.start(lid, function(id)
		socket.start(id)
		got[#got + 1] = id
	end)
	local c = socket.open("127.0.0.1", port)
	log("open ok", type(c))
	skynet.sleep(5)
	local s = got[1]
	socket.warning(s, function(id, sz) log("warning", id == s, sz) end)
	socket.write(s, string.rep("x", 100 * 1024))
	skynet.sleep(10)
	log("client reads", #socket.read(c, 100 * 1024) == 100 * 1024)
	skynet.sleep(10)
	socket.shutdown(c)
	log("after shutdown invalid", socket.invalid(c))
	log("server read rest", socket.read(s))
	socket.close(s)
	local c2 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	log("close_fd known", pcall(socket.close_fd, c2))
	socket.close(c2)
	log("close_fd invalid", socket.invalid(c2))
	skynet.sleep(5)
	local s2 = got[2]
	log("server second read", socket.read(s2))
	socket.limit(s2, 16)
	socket.close(s2)
	log("limit unknown", pcall(socket.limit, 99999, 10))
	log("close listen", socket.close(lid))
	log("reopen port", socket.invalid(lid))
	skynet.sleep(5)
	skynet.abort()
end)
