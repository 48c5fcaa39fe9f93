-- test_debug: the debug protocol every service answers (what debug_console asks).
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

t.run("test_debug", {
	{ "PING answers and SUPPORT tells which protocols are dispatched", function()
		local s = skynet.newservice("debug_service")
		t.eq(select("#", skynet.call(s, "debug", "PING")), 0, "PING answers nothing")
		t.eq(skynet.call(s, "debug", "SUPPORT", "lua"), true, "lua is supported")
		t.eq(skynet.call(s, "debug", "SUPPORT", "client"), false, "client is not")
	end },
	{ "MEM is the Lua heap in KiB and GC collects", function()
		local s = skynet.newservice("debug_service")
		local kb = skynet.call(s, "debug", "MEM")
		assert(type(kb) == "number" and kb > 10 and kb < 100000, "MEM in KiB: " .. tostring(kb))
		skynet.send(s, "debug", "GC")
		t.eq(type(skynet.call(s, "debug", "MEM")), "number", "still answers after GC")
	end },
	{ "STAT reports task, mqlen, cpu and message", function()
		local s = skynet.newservice("debug_service")
		skynet.fork(skynet.call, s, "lua", "park")
		skynet.yield()
		local stat = skynet.call(s, "debug", "STAT")
		t.eq(stat.task, 1, "one task waits (the sleep)")
		t.eq(stat.mqlen, 0, "mqlen")
		t.eq(type(stat.cpu), "number", "cpu")
		assert(stat.message >= 2, "messages counted: " .. tostring(stat.message))
	end },
	{ "TASK lists waiting coroutines with their tracebacks; KILLTASK stops one", function()
		local s = skynet.newservice("debug_service")
		local result
		skynet.fork(function() result = { pcall(skynet.call, s, "lua", "park") } end)
		skynet.yield()
		local tasks = skynet.call(s, "debug", "TASK")
		local key, stack = next(tasks)
		assert(key and key:find("session: %d+"), "task key: " .. tostring(key))
		assert(stack:find("debug_service.lua", 1, true), "traceback shows the service: " .. stack)
		t.eq(next(tasks, key), nil, "exactly one task")
		local uniq = skynet.call(s, "debug", "UNIQTASK")
		local head = next(uniq)
		assert(head:find("^1\tsessions:%[%d+%]\n"), "uniqtask head: " .. head)
		local name = skynet.call(s, "lua", "parked")
		t.eq(skynet.call(s, "debug", "KILLTASK", name), nil, "killed")
		t.eq(skynet.call(s, "debug", "KILLTASK", "thread: 0xnothing"), "Not found", "unknown task")
		skynet.yield()
		t.eq(result and result[1], false, "the killed task's caller got an error")
		t.eq(skynet.call(s, "debug", "TASK", 12345), "No session", "TASK of an unknown session")
	end },
	{ "INFO answers through skynet.info_func", function()
		local s = skynet.newservice("debug_service")
		local info = skynet.call(s, "debug", "INFO", "hello")
		t.eq(info.what, "hello", "argument passed")
		t.eq(info.answer, 42, "info_func result")
		local plain = skynet.newservice("echo_service")
		t.eq(skynet.call(plain, "debug", "INFO"), nil, "no info_func: nil")
	end },
	{ "RUN runs code inside the service and returns what it printed", function()
		local s = skynet.newservice("debug_service")
		local ok, out = skynet.call(s, "debug", "RUN", "print(SERVICE_NAME, ...)", "inline", "a", "b")
		t.eq(ok, true, "ran")
		t.eq(out, "debug_service\ta\tb", "printed")
		local bad, err = skynet.call(s, "debug", "RUN", "error('nope')", "inline")
		t.eq(bad, false, "raised")
		assert(err:find("nope", 1, true), err)
	end },
	{ "LINK answers when the service exits; EXIT ends it", function()
		local s = skynet.newservice("debug_service")
		local linked
		skynet.fork(function() linked = { pcall(skynet.call, s, "debug", "LINK") } end)
		skynet.yield()
		t.eq(linked, nil, "LINK waits")
		skynet.send(s, "debug", "EXIT")
		for _ = 1, 100 do
			if linked then break end
			skynet.sleep(1)
		end
		t.eq(linked and linked[1], false, "LINK raised when the service exited")
	end },
	{ "TERM fails the calls a service waits for on another", function()
		local s = skynet.newservice("echo_service")
		local result
		skynet.fork(function() result = { pcall(skynet.call, s, "lua", "sleep_then", 10000, 1) } end)
		skynet.yield()
		skynet.term(s)
		skynet.yield()
		t.eq(result and result[1], false, "the call failed at once")
	end },
	{ "an unknown debug command raises in the caller", function()
		local s = skynet.newservice("debug_service")
		t.raises(function() skynet.call(s, "debug", "NO_SUCH") end, nil, "unknown command")
	end },
})
