-- bench_ring_member: one service of bench_ring's ring: sends to or calls the next one, counts what it gets.
local skynet = require "skynet"

local successor, driver
local expected, received = 0, 0

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, a, b)
		if cmd == "n" then
			received = received + 1
			if received == expected then
				skynet.send(driver, "lua", "done")
			end
		elseif cmd == "echo" then
			skynet.ret(skynet.pack(true))
		elseif cmd == "link" then
			successor, expected, driver = a, b, source
			skynet.ret(skynet.pack(true))
		elseif cmd == "send" then
			for _ = 1, expected do
				skynet.send(successor, "lua", "n")
			end
		elseif cmd == "call" then
			for _ = 1, expected do
				skynet.call(successor, "lua", "echo")
			end
			skynet.send(driver, "lua", "done")
		end
	end)
end)
