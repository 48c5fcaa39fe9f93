-- test_ret_step: skynet.ret's answers and a task's end, whether their common cases run in C (lua/ret_step.cpp, lua/task_end.cpp) or in skynet.lua's Lua.
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

local s

t.run("test_ret_step", {
	{ "a packed answer arrives, ret says true, a second ret has no session", function()
		s = skynet.newservice("ret_service")
		t.eq(skynet.call(s, "lua", "twice", 1), 1, "the answer")
		t.eq(skynet.call(s, "lua", "twice", 5), 5, "the next answer")
		t.eq(skynet.call(s, "lua", "log"), "true No session true No session", "log")
	end },
	{ "a string answer arrives as its bytes", function()
		local msg, sz = skynet.rawcall(s, "lua", skynet.pack("bytes", 7))
		t.eq(skynet.tostring(msg, sz), "bytes7", "the bytes")
		t.eq(skynet.call(s, "lua", "log"), "true", "log")
	end },
	{ "no message: an empty answer", function()
		local msg, sz = skynet.rawcall(s, "lua", skynet.pack("empty"))
		t.eq(sz, 0, "empty")
		t.eq(skynet.call(s, "lua", "log"), "true", "log")
	end },
	{ "an answer to a one-way message or to a gone sender is false", function()
		skynet.send(s, "lua", "one_way", 2)
		local gone = skynet.newservice("ret_service")
		skynet.kill(gone)
		skynet.redirect(s, gone, "lua", 99, skynet.pack("to_nobody", 3))
		t.eq(skynet.call(s, "lua", "log"), "false false", "log")
	end },
	{ "a finished task's coroutine runs the next request", function()
		local first = skynet.call(s, "lua", "which")
		t.eq(skynet.call(s, "lua", "which"), first, "after a call")
		skynet.send(s, "lua", "one_way", 4) -- session 0: nothing owed
		t.eq(skynet.call(s, "lua", "which"), first, "after a one-way message")
		t.eq(skynet.call(s, "lua", "log"), "false", "log")
	end },
	{ "many answers in a row, each to its own session", function()
		local sum = 0
		for i = 1, 1000 do
			sum = sum + skynet.call(s, "lua", "twice", i)
		end
		t.eq(sum, 500500, "sum")
		local log = skynet.call(s, "lua", "log")
		t.eq(select(2, log:gsub("true No session", "")), 1000, "every ret once, every second ret refused")
	end },
	{ "an answer from a coroutine.wrap inside the task", function()
		t.eq(skynet.call(s, "lua", "wrapped", 8), 8, "the answer")
		t.eq(skynet.call(s, "lua", "log"), "true", "log")
	end },
	{ "coroutines that ran forks and timeouts answer their next requests", function()
		local sum = 0
		for i = 1, 50 do
			sum = sum + skynet.call(s, "lua", "fork_then", i)
			sum = sum + skynet.call(s, "lua", "twice", i)
		end
		t.eq(sum, 2550, "sum")
		local log = skynet.call(s, "lua", "log")
		t.eq(select(2, log:gsub("fork", "")), 50, "every fork ran")
		t.eq(select(2, log:gsub("timeout", "")), 50, "every timeout ran")
	end },
	{ "a request held when its service exits fails its caller", function()
		local held = skynet.newservice("ret_service")
		local me, outcome = coroutine.running(), "no answer"
		skynet.fork(function()
			-- sent once this call is (one sender's messages keep their order)
			skynet.fork(function() skynet.send(held, "lua", "quit") end)
			local ok, err = pcall(skynet.call, held, "lua", "hold")
			outcome = ok and "answered" or tostring(err):match("call failed") or tostring(err)
			skynet.wakeup(me)
		end)
		skynet.timeout(500, function() skynet.wakeup(me) end) -- a bound, if nobody answers
		skynet.wait(me)
		t.eq(outcome, "call failed", "the held call")
	end },
})
