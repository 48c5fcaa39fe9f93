-- test_stat: skynet.stat's "time" (this dispatch's seconds), "cpu" (the service's), "message", "mqlen" ("time" is thread CPU time as skynet's; "cpu" sums the dispatches' wall time).
local skynet = require "skynet"
local t = require "testlib"

t.run("test_stat", {
	{ "time and cpu count the CPU a dispatch spends", function()
		local s = skynet.newservice("echo_service")
		local cpu0 = skynet.call(s, "lua", "stat", "cpu")
		local time = skynet.call(s, "lua", "spin_stat", 30)
		assert(time >= 0.03 and time < 1, "stat time " .. time)
		-- cpu adds a dispatch's time when it ends, as skynet's does
		local cpu = skynet.call(s, "lua", "stat", "cpu")
		assert(cpu - cpu0 >= 0.03, "stat cpu grew by " .. (cpu - cpu0))
		local later = skynet.call(s, "lua", "stat", "time")
		assert(later < time, "a new dispatch starts from 0: " .. later)
	end },
	{ "time is CPU time: a dispatch blocked outside Lua does not count the wait", function()
		local s = skynet.newservice("echo_service")
		-- 100 ms of spin lets the timer thread sample the dispatch's CPU clock
		local time = skynet.call(s, "lua", "block_stat", 100, 0.6)
		assert(time >= 0.005 and time < 0.5, "stat time after a 0.6 s block " .. time)
	end },
	{ "message counts dispatched messages and mqlen the queue", function()
		local s = skynet.newservice("echo_service")
		local m0 = skynet.call(s, "lua", "stat", "message")
		for _ = 1, 5 do skynet.call(s, "lua", "add", 1, 1) end
		t.eq(skynet.call(s, "lua", "stat", "message") - m0, 6, "five calls and the stat before")
		t.eq(skynet.call(s, "lua", "stat", "mqlen"), 0, "empty queue")
	end },
	{ "what skynet does not count is 0, an integer", function()
		t.eq(skynet.stat "task", 0, "task is not a STAT")
		t.eq(math.type(skynet.stat "nosuch"), "integer", "an integer 0")
	end },
})
