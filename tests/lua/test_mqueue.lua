-- test_mqueue: skynet.mqueue (deprecated in skynet, kept for old programs) handles one
-- message at a time in arrival order; a call gets results or the handler's error.
local skynet = require "skynet"
local mqueue = require "skynet.mqueue"
local t = require "testlib"

local svc

t.run("test_mqueue", {
	{ "call returns the handler's results", function()
		svc = skynet.newservice("mqueue_service")
		local a, b, c = mqueue.call(svc, "echo", 1, "two")
		t.eq(a, "echo", "first")
		t.eq(b, 1, "second")
		t.eq(c, "two", "third")
	end },
	{ "a handler that blocks holds back the next message", function()
		local left, me = 2, coroutine.running()
		for _, name in ipairs { "A", "B" } do
			skynet.fork(function()
				mqueue.call(svc, "slow", name)
				left = left - 1
				if left == 0 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		mqueue.send(svc, "note", "C")
		t.eq(mqueue.call(svc, "log"), "start A,end A,start B,end B,note C", "one at a time, in order")
	end },
	{ "the handler's error reaches the caller; the queue carries on", function()
		t.raises(function() mqueue.call(svc, "fail") end, "boom")
		t.eq(mqueue.call(svc, "echo"), "echo", "still serving")
		t.eq(mqueue.size(), 0, "nothing queued here")
	end },
})
