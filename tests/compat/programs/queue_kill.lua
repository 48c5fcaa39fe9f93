-- queue_kill: skynet.queue sections whose task is stopped from outside: killthread of the task inside a section (does the next one enter?), killthread of a task waiting its turn, a section raising while others wait, and skynet.task's view of the waiters.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local log = skynet.error

skynet.start(function()
	local events = {}
	local function ev(x) events[#events + 1] = x end
	-- 1. the task inside is killed while it sleeps
	local cs = queue()
	local inside = skynet.fork(function()
		cs(function() ev("in1") skynet.sleep(5) ev("out1 (should not)") end)
	end)
	local second_done = {}
	skynet.fork(function()
		cs(function() ev("in2") end)
		ev("after2")
		skynet.wakeup(second_done)
	end)
	skynet.yield()
	log("kill inside", skynet.killthread(inside))
	skynet.fork(function() skynet.sleep(20) skynet.wakeup(second_done) end) -- bound the wait
	skynet.wait(second_done)
	log("after killing the task inside", table.concat(events, " "))
	-- 2. a task waiting its turn is killed
	events = {}
	local cs2 = queue()
	local first_done = {}
	skynet.fork(function()
		cs2(function() ev("A in") skynet.sleep(3) ev("A out") end)
	end)
	local waiter = skynet.fork(function()
		cs2(function() ev("B in (should not)") end)
	end)
	skynet.fork(function()
		cs2(function() ev("C in") end)
		skynet.wakeup(first_done)
	end)
	skynet.yield()
	log("kill a waiter", skynet.killthread(waiter))
	skynet.fork(function() skynet.sleep(20) skynet.wakeup(first_done) end)
	skynet.wait(first_done)
	log("after killing a waiter", table.concat(events, " "))
	-- 3. a raising section with others waiting
	events = {}
	local cs3 = queue()
	local all_done = {}
	local left = 3
	for i = 1, 3 do
		skynet.fork(function()
			local ok, err = pcall(cs3, function()
				ev("s" .. i)
				skynet.yield()
				if i == 2 then error("section " .. i .. " raises") end
			end)
			ev(ok and "ok" .. i or "err" .. i)
			left = left - 1
			if left == 0 then skynet.wakeup(all_done) end
		end)
	end
	skynet.wait(all_done)
	log("raising section", table.concat(events, " "))
	skynet.sleep(20)
	skynet.abort()
end)
