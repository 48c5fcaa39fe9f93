-- test_queue_flags: what a handler queues (a fork, a wake-up), a sender's trace tag and a replaced dispatch still take effect when the C steps skip their table reads on a clear flag (lua/queue_flags.h).
local skynet = require "skynet"
local t = require "testlib"

t.run("test_queue_flags", {
	{ "a fork queued by a call's handler runs before the next message", function()
		local s = skynet.newservice("flags_service")
		for i = 1, 3 do -- the flag cleared after each, set again by the next
			t.eq(skynet.call(s, "lua", "fork", 10), "forked", "answer " .. i)
			t.eq(skynet.call(s, "lua", "state"), 10 * i, "forks run after " .. i .. " calls")
		end
	end },
	{ "a fork queued by a one-way send's handler runs before the next message", function()
		local s = skynet.newservice("flags_service")
		for _ = 1, 50 do skynet.send(s, "lua", "fork", 1) end
		t.eq(skynet.call(s, "lua", "state"), 50, "every fork ran")
	end },
	{ "skynet.wakeup from a call's handler resumes the waiting task before the next message", function()
		local s = skynet.newservice("flags_service")
		local got
		skynet.fork(function() got = skynet.call(s, "lua", "park") end)
		skynet.yield() -- the fork's call is sent and parks in the service
		t.eq(skynet.call(s, "lua", "wake"), "waking", "wake's answer")
		local _, woken = skynet.call(s, "lua", "state")
		t.eq(woken, true, "the parked task ran on")
		t.eq(got, "woke", "its caller got its answer (sent before state's)")
	end },
	{ "a sender's trace tag reaches the handler; the next request has none", function()
		local s = skynet.newservice("flags_service")
		t.eq(skynet.call(s, "lua", "tag"), "none", "untraced call")
		local me, mine, got = coroutine.running(), nil, nil
		skynet.fork(function() -- a task of its own: the tag stays with it
			skynet.trace("test_queue_flags")
			mine = skynet.tracetag()
			got = skynet.call(s, "lua", "tag")
			skynet.wakeup(me)
		end)
		skynet.wait(me)
		t.eq(type(mine), "string", "the traced task's tag")
		t.eq(got, mine, "traced call: the callee's task has the sender's tag")
		t.eq(skynet.call(s, "lua", "tag"), "none", "the tag went with its request")
	end },
	{ "a tag announced by one sender, its request after others' (the C steps' read)", function()
		-- PTYPE_TRACE from X, plain sends from this service, then X's
		-- request: the tag is X's, so it must survive the others and reach
		-- it, whether the C batch step or the callback's fast path reads it
		local s = skynet.newservice("flags_service")
		local x = skynet.newservice("flags_service") -- only its address: the forged sender
		local c = require "skynet.core"
		for round = 1, 3 do
			c.redirect(s, x, skynet.PTYPE_TRACE, 0, "tag-x" .. round)
			for _ = 1, 5 do skynet.send(s, "lua", "note") end
			c.redirect(s, x, skynet.PTYPE_LUA, 0, skynet.pack("notetag"))
			t.eq(skynet.call(s, "lua", "lasttag"), "tag-x" .. round, "round " .. round)
		end
		skynet.kill(x)
	end },
	{ "a protocol's dispatch replaced by its handler serves the next request", function()
		local s = skynet.newservice("flags_service")
		t.eq(skynet.call(s, "lua", "swap"), "swapped", "old dispatch")
		t.eq(skynet.call(s, "lua", "ping", 7), "new:ping", "new dispatch")
		for _ = 1, 20 do skynet.send(s, "lua", "ping") end -- a batch through the new one
		t.eq(skynet.call(s, "lua", "tag"), "none", "still the new one, tag untouched")
	end },
})
