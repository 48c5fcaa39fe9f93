-- socket_pressure: a TCP peer under pressure: a reader that does not read while 1 MB arrives (pause and resume), socket.limit overflowing, a writer to a peer that reads nothing (socket.warning's callback), socket.shutdown with data unsent, close_fd misuse.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

local function listen()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	return lid, port
end

skynet.start(function()
	-- 1. a slow reader: 1 MB arrives while it sleeps, then read in one go
	local accepted = {}
	local acc_token = {}
	local lid, port = listen()
	socket.start(lid, function(id, addr)
		accepted[#accepted + 1] = id
		skynet.wakeup(acc_token)
	end)
	local c1 = socket.open("127.0.0.1", port)
	if #accepted == 0 then skynet.wait(acc_token) end
	local s1 = accepted[1]
	socket.start(s1)
	local big = string.rep("abcdefgh", 128 * 1024) -- 1 MB
	socket.write(c1, big)
	local got = socket.read(s1, #big)
	log("slow reader got", #got, got == big)
	socket.close(c1)
	log("read after the writer closed", socket.read(s1, 1))
	socket.close(s1)
	-- 2. socket.limit: more than the limit buffered without a read waiting
	local c2 = socket.open("127.0.0.1", port)
	if #accepted < 2 then skynet.wait(acc_token) end
	local s2 = accepted[2]
	socket.start(s2)
	socket.limit(s2, 1000)
	local closed = {}
	socket.onclose(s2, function(id) closed[#closed + 1] = "s2" ; skynet.wakeup(closed) end)
	socket.write(c2, string.rep("x", 5000))
	if #closed == 0 then skynet.wait(closed) end
	log("limit: onclose ran", closed[1], "disconnected", socket.disconnected(s2))
	log("limit: a read gives", socket.read(s2, 10))
	socket.close(s2)
	socket.close(c2)
	-- 3. a writer whose peer reads nothing: warnings as the backlog grows
	-- (how many depends on what the kernel holds: only their growth is logged)
	local c3 = socket.open("127.0.0.1", port)
	if #accepted < 3 then skynet.wait(acc_token) end
	local s3 = accepted[3]
	local warnings = {}
	local warned = {}
	socket.warning(c3, function(id, kib)
		warnings[#warnings + 1] = kib
		if #warnings == 2 then skynet.wakeup(warned) end
	end)
	local chunk = string.rep("z", 1024 * 1024)
	for i = 1, 48 do socket.write(c3, chunk) end
	if #warnings < 2 then skynet.wait(warned) end
	log("warnings", #warnings >= 2, "the first at 1 MB or more", warnings[1] >= 1024, "growing", warnings[2] > warnings[1])
	socket.start(s3)
	-- 4. shutdown with data unsent: the peer reads what arrived (how much
	-- varies), then sees the close
	socket.shutdown(c3)
	local r = socket.read(s3)
	log("peer read after shutdown", type(r), r and not r:find("[^z]"))
	socket.close(s3)
	socket.close(c3)
	-- 5. close_fd of an id still in use, and of an unknown one
	local c4 = socket.open("127.0.0.1", port)
	log("close_fd in use", pcall(socket.close_fd, c4))
	socket.close(c4)
	socket.close(lid)
	skynet.sleep(20)
	skynet.abort()
end)
