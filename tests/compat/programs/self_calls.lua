-- self_calls: a service calling and sending to itself: a call to self from the start function and from a handler (nested three deep), sends to self interleaved with calls (their order), a raising self call, redirect to self, a self call by local name.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local order = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, n)
		order[#order + 1] = cmd .. (n and tostring(n) or "")
		if cmd == "depth" then
			if n < 3 then
				skynet.retpack(skynet.call(skynet.self(), "lua", "depth", n + 1) + 1)
			else
				skynet.retpack(100)
			end
		elseif cmd == "raise" then
			error("self raise")
		elseif cmd == "echo" then
			skynet.retpack(source == skynet.self(), n)
		elseif session ~= 0 then
			skynet.retpack(cmd)
		end
	end)
	skynet.register ".me"
	log("self call", skynet.call(skynet.self(), "lua", "echo", 1))
	log("by name", skynet.call(".me", "lua", "echo", 2))
	log("nested", skynet.call(skynet.self(), "lua", "depth", 1))
	skynet.send(skynet.self(), "lua", "s", 1)
	skynet.send(skynet.self(), "lua", "s", 2)
	log("call after sends", skynet.call(skynet.self(), "lua", "c"))
	skynet.send(skynet.self(), "lua", "s", 3)
	skynet.redirect(skynet.self(), skynet.self(), "lua", 0, skynet.pack("r", 4))
	log("raise", pcall(skynet.call, skynet.self(), "lua", "raise"))
	log("order", table.concat(order, " "))
	skynet.sleep(20)
	skynet.abort()
end)
