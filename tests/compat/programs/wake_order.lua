-- wake_order: the order tasks run in within one service: sleep(0), yield, timeout(0), fork, wakeup of a
-- sleeper and of a waiter in one message, a wakeup twice before the task runs (it wakes once; a second
-- sleep on the token is woken by the second), wakeups from a fork and from a timeout, a task woken while
-- it is being forked, and sleep(0) against a message sent to oneself.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local order = {}
local function mark(s) order[#order + 1] = s end
local function str(...)
	if select("#", ...) == 0 then return "none" end
	return tostring((...))
end
local function flush(what)
	log(what, table.concat(order, " "))
	order = {}
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, what) mark("msg:" .. what) end)
	local me = skynet.self()
	-- round 1: one task starts several things at once
	skynet.fork(function() mark("fork1") skynet.yield() mark("fork1b") end)
	skynet.timeout(0, function() mark("timeout0") end)
	skynet.fork(function() mark("fork2") skynet.sleep(0) mark("fork2b") end)
	skynet.send(me, "lua", "a")
	mark("main")
	skynet.sleep(0)
	mark("main after sleep0")
	skynet.sleep(5)
	flush("round 1")
	-- round 2: a token woken twice; its task sleeps again on the same token
	local token = {}
	skynet.fork(function()
		mark("s1 " .. str(skynet.sleep(100, token)))
		mark("s2 " .. str(skynet.sleep(100, token)))
		mark("s3 " .. str(skynet.sleep(3, token)))
	end)
	skynet.yield()
	mark("w1 " .. str(skynet.wakeup(token)))
	mark("w2 " .. str(skynet.wakeup(token)))
	skynet.sleep(10)
	flush("round 2")
	-- round 3: wakeups of a waiter and a sleeper from a fork and a timeout, in one message
	local waiter = skynet.fork(function() skynet.wait() mark("waiter woke") end)
	local sleeper = skynet.fork(function() mark("sleeper " .. str(skynet.sleep(100))) end)
	skynet.yield()
	skynet.fork(function() mark("wake sleeper " .. str(skynet.wakeup(sleeper))) end)
	skynet.timeout(1, function() mark("wake waiter " .. str(skynet.wakeup(waiter))) end)
	mark("woken waiter early " .. str(skynet.wakeup(waiter)))
	skynet.sleep(10)
	flush("round 3")
	-- round 4: wakeup of a fork that has not run yet, and of the running task
	local early = skynet.fork(function() mark("early fork runs") skynet.wait() mark("early fork woke") end)
	mark("wake unrun fork " .. str(skynet.wakeup(early)))
	mark("wake self " .. str(skynet.wakeup(coroutine.running())))
	skynet.yield()
	mark("wake now " .. str(skynet.wakeup(early)))
	skynet.yield()
	flush("round 4")
	-- round 5: sleep(0) against messages to oneself
	skynet.send(me, "lua", "b")
	skynet.yield()
	mark("after yield")
	skynet.send(me, "lua", "c")
	skynet.timeout(0, function() mark("timeout after c") end)
	skynet.send(me, "lua", "d")
	skynet.sleep(2)
	flush("round 5")
	skynet.sleep(10)
	skynet.abort()
end)
