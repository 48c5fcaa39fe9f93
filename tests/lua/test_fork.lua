-- test_fork: fork runs after the current message, with arguments; wait/wakeup hand control around.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_fork", {
	{ "forks run later, in order, with their arguments", function()
		local log = {}
		skynet.fork(function(a, b) log[#log + 1] = a .. b end, "x", 1)
		skynet.fork(function() log[#log + 1] = "second" end)
		log[#log + 1] = "first"
		skynet.yield()
		t.eq(table.concat(log, ","), "first,x1,second", "order")
	end },
	{ "wait suspends until wakeup", function()
		local state = "start"
		local waiter
		skynet.fork(function()
			waiter = coroutine.running()
			state = "waiting"
			skynet.wait()
			state = "woken"
		end)
		skynet.yield()
		t.eq(state, "waiting", "before wakeup")
		assert(skynet.wakeup(waiter), "wakeup returns true for a waiter")
		skynet.yield()
		t.eq(state, "woken", "after wakeup")
		assert(not skynet.wakeup(waiter), "a second wakeup finds nobody")
	end },
	{ "an error in a fork does not stop the service", function()
		skynet.fork(function() error("expected error in a fork (this line is part of the test)") end)
		skynet.yield()
		local ok = true
		t.eq(ok, true, "still running")
	end },
	{ "forks made by a dispatch that raised still run after it", function()
		local s = skynet.newservice("echo_service")
		t.raises(function() skynet.call(s, "lua", "fork_then_fail") end, "call failed", "call") -- the callee logs "fail after fork"
		t.eq(skynet.call(s, "lua", "forked_flag"), true, "the fork ran before the next request")
	end },
	{ "task counts coroutines waiting on sessions", function()
		local n0 = skynet.task()
		local co
		skynet.fork(function() co = coroutine.running(); skynet.sleep(1000) end)
		skynet.yield()
		t.eq(skynet.task(), n0 + 1, "one more sleeper")
		skynet.wakeup(co)
		skynet.yield()
		t.eq(skynet.task(), n0, "back to before")
	end },
})
