-- ordering: the order forks, wakeups, waits, timeouts, sleeps and skynet.queue sections run in.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"

local log = skynet.error

local function forks()
	log("fork: before")
	skynet.fork(function(...) log("fork 1", ...) end, "a", nil, "c")
	skynet.fork(function()
		log("fork 2 starts")
		skynet.fork(function() log("fork 2's fork") end)
		skynet.yield()
		log("fork 2 after yield")
	end)
	skynet.fork(function() log("fork 3") end)
	log("fork: after")
	skynet.yield()
	log("fork: after yield")
	skynet.sleep(1)
end

local function wakeups()
	local waiting = {}
	for i = 1, 3 do
		waiting[i] = skynet.fork(function()
			log("wait", i)
			local r = skynet.wait()
			log("woken", i, r)
		end)
	end
	skynet.yield()
	log("wakeup 3", skynet.wakeup(waiting[3]))
	log("wakeup 1", skynet.wakeup(waiting[1]))
	log("wakeup 1 again", skynet.wakeup(waiting[1]))
	skynet.yield()
	log("wakeup 2", skynet.wakeup(waiting[2]))
	skynet.sleep(1)
	log("wakeup unknown", skynet.wakeup(coroutine.create(function() end)))
	-- a sleeping coroutine woken early: sleep returns "BREAK"
	local sleeper = skynet.fork(function()
		log("sleep returns", skynet.sleep(1000))
	end)
	skynet.yield()
	skynet.wakeup(sleeper)
	skynet.sleep(1)
end

local function timeouts()
	for _, t in ipairs { 5, 0, 3, 0, 5, 1 } do
		skynet.timeout(t, function() log("timeout", t) end)
	end
	skynet.sleep(10)
	local co = skynet.fork(function() log("task count sees", (skynet.task())) end)
	skynet.sleep(1)
end

local function sections()
	local cs = queue()
	local order = {}
	local function enter(name, ticks)
		cs(function()
			order[#order + 1] = name .. "+"
			if ticks then skynet.sleep(ticks) end
			order[#order + 1] = name .. "-"
		end)
	end
	skynet.fork(enter, "a", 2)
	skynet.fork(enter, "b")
	skynet.fork(enter, "c", 1)
	skynet.fork(function()
		cs(function()
			order[#order + 1] = "d+"
			cs(function() order[#order + 1] = "d nested" end)
			order[#order + 1] = "d-"
		end)
	end)
	skynet.sleep(10)
	log("queue order", table.concat(order, " "))
	log("queue error", pcall(cs, function() error("inside", 0) end))
	log("queue after error", pcall(cs, function() return "fine", 2 end))
end

skynet.start(function()
	forks()
	wakeups()
	timeouts()
	sections()
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
