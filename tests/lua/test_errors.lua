-- test_errors: errors are never silent: each raises in the caller and the process keeps serving.
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

t.run("test_errors", {
	{ "a Lua error in a dispatch raises skynet's \"call failed\" in the caller", function()
		local s = skynet.newservice("echo_service")
		-- skynet's text and level: "<path>/skynet.lua:<line>: call failed"; the
		-- callee's error is in its log line and the trace (msg.error), not here
		local err = t.raises(function() skynet.call(s, "lua", "fail", "boom from echo") end, "call failed", "call")
		assert(err:find("skynet%.lua:%d+: call failed$"), "positioned as skynet's: " .. err)
		assert(not err:find("boom from echo", 1, true), "the reason is not in the text: " .. err)
		t.eq(skynet.call(s, "lua", "add", 1, 2), 3, "the service keeps serving")
	end },
	{ "a call to an unknown address raises", function()
		t.raises(function() skynet.call(0x00ffff00, "lua", "echo") end, "invalid address", "call to unknown")
		t.raises(function() skynet.call(".no_such_name", "lua", "echo") end, "invalid address", "call to unknown name")
	end },
	{ "a call to a service that exits while serving raises", function()
		local s = skynet.newservice("echo_service")
		t.raises(function() skynet.call(s, "lua", "exit") end, "call failed", "call to exiting service")
		-- The exiting service answers its caller before its handle is retired (as
		-- skynet's skynet.exit does), so a call made at once may still reach its
		-- queue and be refused by the drop ("exited") rather than by the send
		-- ("invalid address"): either way it raises and names why.
		local err = t.raises(function() skynet.call(s, "lua", "echo") end, nil, "call to dead service")
		t.eq(err:find("invalid address", 1, true) ~= nil or err:find("call failed", 1, true) ~= nil, true,
			"call to dead service names why: " .. err)
	end },
	{ "calls a killed service was serving are never answered, as skynet's; later calls fail", function()
		local s = skynet.newservice("echo_service")
		local served = {}
		for i = 1, 2 do
			skynet.fork(function()
				served[i] = { pcall(skynet.call, s, "lua", "sleep_then", 50, i) }
			end)
		end
		skynet.yield()
		skynet.call(s, "lua", "echo", "both calls are being served")
		skynet.kill(s)
		t.raises(function() skynet.call(s, "lua", "echo") end, "invalid address", "a call after the kill")
		skynet.sleep(60) -- past the served calls' 50 ticks: they are never answered
		t.eq(served[1], nil, "served call 1 still waits")
		t.eq(served[2], nil, "served call 2 still waits")
	end },
	{ "a nil or 0 address is refused in skynet's words, at skynet.lua's position", function()
		local err = t.raises(function() skynet.call(nil, "lua", "x") end, "dest address type (nil) must be a string or number.", "call nil")
		assert(tostring(err):find("skynet.lua:%d+: dest address"), tostring(err))
		t.raises(function() skynet.send({}, "lua", "x") end, "dest address type (table) must be a string or number.", "send a table")
		err = t.raises(function() skynet.call(0, "lua", "x") end, "Invalid service address 0", "call 0")
		assert(tostring(err):find("skynet.lua:%d+: Invalid"), tostring(err))
		t.raises(function() skynet.send(0, "lua", "x") end, "Invalid service address 0", "send 0")
	end },
	{ "register_protocol and dispatch misuse fail as skynet's, at skynet.lua", function()
		local err = t.raises(function() skynet.register_protocol { name = "lua", id = skynet.PTYPE_LUA } end, "assertion failed!", "twice")
		assert(tostring(err):find("skynet.lua:%d+: assertion failed!$"), tostring(err))
		t.raises(function() skynet.register_protocol { name = "wide", id = 300 } end, "assertion failed!", "id over 255")
		err = t.raises(function() skynet.dispatch("nosuch", print) end, "attempt to index a nil value (local 'p')", "unknown")
		assert(tostring(err):find("skynet.lua:%d+: attempt"), tostring(err))
	end },
	{ "uniqueservice's failure keeps the caller's frame (no tail call), as skynet's", function()
		local ok, trace = xpcall(skynet.uniqueservice, debug.traceback, "no_such_script")
		t.eq(ok, false, "a missing script fails")
		assert(not trace:find("tail calls", 1, true), trace)
	end },
	{ "newservice of a missing script raises skynet's call failed (the log names the script)", function()
		t.raises(function() skynet.newservice("no_such_script") end, "call failed", "missing script")
	end },
	{ "newservice of a script that does not compile raises with the error", function()
		local err = t.raises(function() skynet.newservice("bad_syntax") end, "call failed", "bad syntax")
		-- the compile error with its file:line is the new service's log line; the
		-- caller gets skynet's "call failed" from the launcher's call
		assert(tostring(err):find("call failed", 1, true), "launcher call failed: " .. tostring(err))
	end },
	{ "newservice of a script whose start fails raises with the error", function()
		local err = t.raises(function() skynet.newservice("bad_init") end, "call failed", "bad init")
		-- skynet's text exactly: the reason is in the log, not in the error
		assert(tostring(err):find("skynet.lua:%d+: call failed$"), "newservice raised " .. tostring(err))
	end },
	{ "an unknown protocol raises skynet's error, at skynet.lua's position", function()
		for _, f in ipairs { skynet.send, skynet.call, skynet.rawsend, skynet.rawcall } do
			local ok, err = pcall(f, skynet.self(), "nonsense", "x")
			assert(not ok and err:find("skynet.lua:%d+: attempt to index a nil value %(local 'p'%)$"),
				"unknown protocol raised " .. tostring(err))
		end
	end },
	{ "pack of a function raises a clear error", function()
		t.raises(function() skynet.pack(function() end) end, "function", "pack")
	end },
})
