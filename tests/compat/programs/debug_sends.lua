-- debug_sends: debug commands in the form they were not meant for: EXIT and GC called (answered how, if ever), LINK,
-- PING, MEM and INFO sent (nobody to answer), TASK and STAT of a service busy in a long call.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "target" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "park" then
				skynet.sleep(30)
			end
			skynet.retpack(cmd)
		end)
	end)
	return
end

skynet.start(function()
	local tg = skynet.newservice("debug_sends", "target")
	local gc_done = false
	skynet.fork(function()
		log("GC called", pcall(skynet.call, tg, "debug", "GC"))
		gc_done = true
	end)
	skynet.send(tg, "debug", "LINK")
	skynet.send(tg, "debug", "PING")
	skynet.send(tg, "debug", "MEM")
	skynet.send(tg, "debug", "INFO")
	skynet.sleep(5)
	log("GC answered", gc_done)
	skynet.fork(function() skynet.call(tg, "lua", "park") end)
	skynet.sleep(2)
	local tasks = skynet.call(tg, "debug", "TASK")
	local n = 0
	for _, v in pairs(tasks) do n = n + 1 end
	log("TASK while parked", n, skynet.call(tg, "debug", "STAT").task)
	log("EXIT called", pcall(skynet.call, tg, "debug", "EXIT"))
	skynet.sleep(5)
	log("GC answered at exit", gc_done)
	skynet.sleep(20)
	skynet.abort()
end)
