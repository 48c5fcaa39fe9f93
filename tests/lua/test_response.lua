-- test_response: a task resumed by the answer to its call carries on as in skynet, whatever
-- it does next (the answer is handed over in C when the task only waits again:
-- lua/dispatch_fast.cpp; anything else goes back to skynet.lua).
local skynet = require "skynet"
local t = require "testlib"

t.run("test_response", {
	{ "a chain of calls gets every answer in order", function()
		local s = skynet.newservice("response_service")
		local peer = skynet.newservice("batch_service")
		t.eq(skynet.call(s, "lua", "call_chain", peer, 100), 100, "the chain's reply")
		t.eq(skynet.call(s, "lua", "log"), "sum5050", "log")
	end },
	{ "a fork made after the answer runs after the task", function()
		local s = skynet.newservice("response_service")
		local peer = skynet.newservice("batch_service")
		t.eq(skynet.call(s, "lua", "call_then_fork", peer, 1), 1, "reply")
		t.eq(skynet.call(s, "lua", "log"), "c1 after1 f1", "log")
	end },
	{ "a task woken after the answer runs", function()
		local s = skynet.newservice("response_service")
		local peer = skynet.newservice("batch_service")
		skynet.send(s, "lua", "wait", 0, 1)
		t.eq(skynet.call(s, "lua", "call_then_wake", peer, 2), 2, "reply")
		t.eq(skynet.call(s, "lua", "log"), "w1 c2 after2 woke1", "log")
	end },
	{ "a raise after the answer fails only its caller's call", function()
		local s = skynet.newservice("response_service")
		local peer = skynet.newservice("batch_service")
		t.raises(function() skynet.call(s, "lua", "call_then_raise", peer, 3) end, "call failed", "the call")
		t.eq(skynet.call(s, "lua", "call_chain", peer, 3), 3, "the service still answers")
		t.eq(skynet.call(s, "lua", "log"), "c3 sum6", "log")
	end },
	{ "an exit after the answer ends the service", function()
		local s = skynet.newservice("response_service")
		local peer = skynet.newservice("batch_service")
		t.raises(function() skynet.call(s, "lua", "call_then_exit", peer, 4) end, "call failed", "the call")
		-- refused either way: at the push once the exit is done ("invalid
		-- address"), or by the exiting service's queue just before ("call failed")
		local err = t.raises(function() skynet.call(s, "lua", "log") end, nil, "a call after exit")
		t.eq(err:find("invalid address", 1, true) ~= nil or err:find("call failed", 1, true) ~= nil,
			true, "a call after exit refused (" .. err .. ")")
	end },
})
