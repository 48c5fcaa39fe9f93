-- socket_odds: an accept callback that raises, onclose, readline with a two-byte separator, lwrite before write, disconnected/invalid, closing a listener, abandon of an unknown id.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error
skynet.start(function()
	local n = 0
	local served, waiting = false, nil -- the server's fork is done; who waits for it
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id, addr)
		n = n + 1
		if n == 1 then error("accept callback raised") end
		socket.start(id)
		socket.onclose(id, function(i) log("onclose called", i == id) end)
		skynet.fork(function()
			log("readline multi", socket.readline(id, "\r\n"))
			socket.lwrite(id, "low ")
			socket.write(id, "high")
			log("disconnected?", socket.disconnected(id))
			-- no sleep as the wait: under load the peer's close came late
			while not socket.disconnected(id) do
				skynet.sleep(1)
			end
			log("read rest", socket.read(id))
			log("after peer close", socket.disconnected(id), socket.invalid(id))
			socket.close(id)
			served = true
			if waiting then skynet.wakeup(waiting) end
		end)
	end)
	local c1 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.close(c1)
	local c2 = socket.open("127.0.0.1", port)
	socket.write(c2, "line one\r\nrest")
	skynet.sleep(3)
	log("c2 read", socket.read(c2, 8))
	socket.close(c2)
	if not served then
		waiting = coroutine.running()
		skynet.wait(waiting)
	end
	log("close listen", socket.close(lid))
	log("abandon unknown", pcall(socket.abandon, 9999))
	skynet.sleep(20)
	skynet.abort()
end)
