-- test_call: call/ret, nested calls, rawcall and redirect.
local skynet = require "skynet"
local t = require "testlib"

local a, b

t.run("test_call", {
	{ "call returns what ret packed", function()
		a = skynet.newservice("echo_service")
		local x, y, z = skynet.call(a, "lua", "echo", 1, "two", { 3 })
		t.eq(x, 1, "first")
		t.eq(y, "two", "second")
		t.eq(z[1], 3, "table")
		t.eq(skynet.call(a, "lua", "add", 40, 2), 42, "add")
	end },
	{ "nested call: a calls b while serving us", function()
		b = skynet.newservice("echo_service")
		t.eq(skynet.call(a, "lua", "nested", b, 1, 2), 4, "nested")
	end },
	{ "calls from forked coroutines are matched by session", function()
		local results, done = {}, 0
		local me = coroutine.running()
		for i = 1, 10 do
			skynet.fork(function()
				results[i] = skynet.call(a, "lua", "sleep_then", (10 - i) % 3, i)
				done = done + 1
				if done == 10 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		for i = 1, 10 do t.eq(results[i], i, "result " .. i) end
	end },
	{ "rawcall passes bytes through unpacked", function()
		local msg, sz = skynet.rawcall(a, "lua", skynet.pack("echo", "raw"))
		local v = skynet.unpack(msg, sz)
		t.eq(v, "raw", "rawcall reply")
	end },
	{ "redirect sends as another source", function()
		-- Redirect a request to a, claiming to come from b: a's reply goes to b,
		-- so a's record shows the message and we get nothing back.
		skynet.redirect(a, b, "lua", 0, skynet.pack("record", "redirected"))
		local seen = skynet.call(a, "lua", "seen_list")
		t.eq(seen[1], "redirected", "redirected message arrived")
	end },
	{ "ret outside a request raises", function()
		skynet.fork(function() end)
		t.raises(function() skynet.ret() end, nil, "ret without request")
	end },
})
