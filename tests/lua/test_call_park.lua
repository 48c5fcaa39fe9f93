-- test_call_park: skynet.call's send, record and park taken in C (lua/call_park.cpp), and the cases it hands back to call.lua.
local skynet = require "skynet"
require "skynet.manager"
local scoroutine = require "skynet.coroutine"
local t = require "testlib"

local e

t.run("test_call_park", {
	{ "answers come back to their call, values and types intact", function()
		e = skynet.newservice("echo_service")
		local a, b, c = skynet.call(e, "lua", "echo", 1, "two", { 3 })
		t.eq(a, 1, "number")
		t.eq(b, "two", "string")
		t.eq(c[1], 3, "table")
		local sum = 0
		for i = 1, 1000 do sum = sum + skynet.call(e, "lua", "add", i, 0) end
		t.eq(sum, 500500, "1,000 calls in a row")
	end },
	{ "a call inside a skynet.coroutine parks its task and gets the answer", function()
		local co = scoroutine.wrap(function(x) return skynet.call(e, "lua", "add", x, 1) end)
		t.eq(co(41), 42, "answer through the wrapper")
	end },
	{ "a callee that raises fails the call with skynet.lua's \"call failed\"", function()
		local err = t.raises(function() skynet.call(e, "lua", "fail", "boom (expected by test_call_park)") end,
			"call failed", "call")
		assert(err:find("skynet%.lua:%d+: call failed$"), "positioned as skynet's: " .. err)
	end },
	{ "addresses the C path does not take: names, 0, gone services, other types", function()
		skynet.name(".park_echo", e)
		t.eq(skynet.call(".park_echo", "lua", "add", 2, 3), 5, "a local name")
		t.raises(function() skynet.call(0x00ffff00, "lua", "echo") end, "invalid address", "never existed")
		t.raises(function() skynet.call(0, "lua", "echo") end, "Invalid service address 0", "address 0")
		t.raises(function() skynet.call({}, "lua", "echo") end, "dest address type (table)", "a table")
		local gone = skynet.newservice("echo_service")
		skynet.kill(gone)
		t.raises(function() skynet.call(gone, "lua", "echo") end, "invalid address", "killed")
	end },
	{ "a parked call is watched: its callee's exit (skynet.term) fails it", function()
		local slow = skynet.newservice("echo_service")
		local result
		skynet.fork(function()
			result = { pcall(skynet.call, slow, "lua", "sleep_then", 100000, "late") }
		end)
		skynet.yield() -- the fork sends its call and parks
		t.eq(result, nil, "still waiting")
		skynet.term(slow)
		skynet.yield() -- the error queue runs when this task yields
		t.eq(result and result[1], false, "the call failed")
		assert(tostring(result[2]):find("call failed", 1, true), "why: " .. tostring(result[2]))
		skynet.kill(slow) -- its answer never comes
	end },
	{ "answered calls leave nothing behind (each session's watch cleared)", function()
		for _ = 1, 1000 do skynet.call(e, "lua", "echo") end
		collectgarbage()
		local before = collectgarbage("count")
		for _ = 1, 20000 do skynet.call(e, "lua", "echo") end
		collectgarbage()
		local grown = collectgarbage("count") - before
		-- a watch left per session would be a hash node each: ~0.6 MiB here
		assert(grown < 128, string.format("memory grew by %.0f KiB over 20,000 calls", grown))
	end },
})
