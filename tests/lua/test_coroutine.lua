-- test_coroutine: to-be-closed variables are closed as skynet closes tasks; answers follow the dispatched task; skynet.coroutine.
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

local function new_pair()
	local recorder = skynet.newservice("echo_service")
	local s = skynet.newservice("coroutine_service")
	skynet.call(s, "lua", "set_recorder", recorder)
	return s, recorder
end

-- Wait (bounded, in ticks) until the recorder has seen `n` records.
local function seen(recorder, n)
	local list
	for _ = 1, 200 do
		list = skynet.call(recorder, "lua", "seen_list")
		if #list >= n then break end
		skynet.sleep(1)
	end
	return list
end

t.run("test_coroutine", {
	{ "a task that raises closes its <close> variables", function()
		local s, recorder = new_pair()
		t.raises(function() skynet.call(s, "lua", "close_on_error") end, nil, "the call fails")
		t.eq(seen(recorder, 1)[1], "error", "closed on error")
	end },
	{ "skynet.exit closes the coroutines still waiting", function()
		local s, recorder = new_pair()
		skynet.fork(pcall, skynet.call, s, "lua", "sleep_with_close")
		skynet.yield()
		skynet.send(s, "lua", "exit")
		t.eq(seen(recorder, 1)[1], "exit", "closed at exit")
	end },
	{ "a killed task (KILLTASK) closes its <close> variables", function()
		local s, recorder = new_pair()
		skynet.fork(pcall, skynet.call, s, "lua", "park_with_close")
		skynet.yield()
		local tasks = skynet.call(s, "debug", "TASK")
		local key = next(tasks)
		skynet.call(s, "debug", "KILLTASK", key:match("^(thread: %S+)"))
		t.eq(seen(recorder, 1)[1], "killed", "closed when killed")
	end },
	{ "skynet.ret inside a plain coroutine.wrap answers the request", function()
		local s = new_pair()
		t.eq(skynet.call(s, "lua", "ret_in_wrap", "x"), "wrapped x", "answer")
		t.eq(skynet.call(s, "lua", "response_in_wrap", "y"), "later y", "response")
	end },
	{ "skynet.coroutine: blocking calls inside, yields to the resumer", function()
		local s = new_pair()
		local other = skynet.newservice("echo_service")
		local got = skynet.call(s, "lua", "generator", other)
		t.eq(got[1], 101, "first")
		t.eq(got[2], 102, "second")
		t.eq(got[3], 103, "third")
		t.eq(got[4], "done", "return value")
	end },
	{ "skynet.coroutine.status is blocked while it waits in skynet", function()
		local s = new_pair()
		local seen_status, ok, v, after = skynet.call(s, "lua", "status_while_blocked")
		t.eq(seen_status, "blocked", "status while sleeping")
		t.eq(ok, true, "resume ok")
		t.eq(v, "slept", "result")
		t.eq(after, "dead", "status after")
	end },
	{ "skynet.coroutine.close closes a coroutine (skynet's testcoroutine ends with it)", function()
		local co = require "skynet.coroutine"
		local closed
		local c = co.create(function()
			local guard <close> = setmetatable({}, { __close = function() closed = true end })
			co.yield("parked")
		end)
		t.eq(select(2, co.resume(c)), "parked", "first resume")
		t.eq(co.close(c), true, "close's result")
		t.eq(closed, true, "the <close> variable ran")
		t.eq(co.status(c), "dead", "status after close")
	end },
})
