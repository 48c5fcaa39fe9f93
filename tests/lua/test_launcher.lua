-- test_launcher: the launcher's LIST, STAT, MEM, GC, KILL and REMOVE, as debug_console uses them.
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

t.run("test_launcher", {
	{ "LIST names every launched service with its arguments", function()
		local s = skynet.newservice("echo_service", "one", "two")
		local list = skynet.call(".launcher", "lua", "LIST")
		t.eq(list[skynet.address(s)], "snlua echo_service one two", "listed")
		t.eq(list[skynet.address(skynet.self())], "snlua test_launcher", "the test itself")
	end },
	{ "STAT and MEM ask every service; a stuck one is reported as TIMEOUT", function()
		local s = skynet.newservice("echo_service")
		local stuck = skynet.newservice("echo_service")
		skynet.send(stuck, "lua", "spin", 500)
		local stat = skynet.call(".launcher", "lua", "STAT", 20)
		t.eq(type(stat[skynet.address(s)]), "table", "a STAT table")
		t.eq(stat[skynet.address(s)].mqlen, 0, "its mqlen")
		t.eq(stat[skynet.address(stuck)], "TIMEOUT", "the busy one timed out")
		local mem = skynet.call(".launcher", "lua", "MEM", 100)
		local line = mem[skynet.address(s)]
		assert(line:match("^%d+%.%d%d Kb %(snlua echo_service%)$"), "MEM line: " .. line)
		local gc = skynet.call(".launcher", "lua", "GC", 100)
		assert(gc[skynet.address(s)]:find(" Kb (snlua echo_service)", 1, true), "GC answers MEM")
	end },
	{ "KILL removes a service and returns what it was", function()
		local s = skynet.newservice("echo_service")
		local ret = skynet.call(".launcher", "lua", "KILL", s)
		t.eq(ret[skynet.address(s)], "snlua echo_service", "killed service")
		t.eq(skynet.call(".launcher", "lua", "LIST")[skynet.address(s)], nil, "no longer listed")
		t.raises(function() skynet.call(s, "lua", "echo") end, nil, "gone")
	end },
	{ "REMOVE (sent by an exiting service) drops it from LIST", function()
		local s = skynet.newservice("echo_service")
		skynet.send(s, "lua", "exit")
		local listed = true
		for _ = 1, 100 do
			listed = skynet.call(".launcher", "lua", "LIST")[skynet.address(s)] ~= nil
			if not listed then break end
			skynet.sleep(1)
		end
		t.eq(listed, false, "removed after exit")
	end },
})
