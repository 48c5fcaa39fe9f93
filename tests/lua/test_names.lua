-- test_names: uniqueservice identity, register/name, localname and queryservice.
local skynet = require "skynet"
require "skynet.manager"
local t = require "testlib"

t.run("test_names", {
	{ "uniqueservice returns the same service every time", function()
		local a = skynet.uniqueservice("echo_service")
		local b = skynet.uniqueservice("echo_service")
		t.eq(a, b, "unique address")
		t.eq(skynet.queryservice("echo_service"), a, "queryservice")
		local c = skynet.newservice("echo_service")
		assert(c ~= a, "newservice makes a new one")
	end },
	{ "a global uniqueservice is apart from the local one, as skynet standalone", function()
		local g = skynet.uniqueservice(true, "echo_service")
		t.eq(skynet.uniqueservice(true, "echo_service"), g, "the same global one")
		t.eq(skynet.queryservice(true, "echo_service"), g, "queryservice(true) finds it")
		assert(skynet.uniqueservice("echo_service") ~= g, "the local one is another service")
		t.eq(skynet.call(".service", "lua", "LIST")["@echo_service"], skynet.address(g), "listed as @name")
	end },
	{ "queryservice waits for a uniqueservice started later", function()
		local got
		skynet.fork(function() got = skynet.queryservice("late_service") end)
		skynet.yield()
		t.eq(got, nil, "still waiting")
		local addr = skynet.uniqueservice("late_service")
		skynet.yield()
		t.eq(got, addr, "queryservice woke with the address")
	end },
	{ "name and register bind local names", function()
		local s = skynet.newservice("echo_service")
		skynet.name(".echo", s)
		t.eq(skynet.localname(".echo"), s, "localname")
		t.eq(skynet.call(".echo", "lua", "add", 1, 1), 2, "call by name")
		skynet.register(".tester")
		t.eq(skynet.localname(".tester"), skynet.self(), "register self")
		t.eq(skynet.localname(".nobody"), nil, "unknown name")
	end },
	{ "SERVICE_NAME and address formatting", function()
		local s = skynet.newservice("echo_service")
		local addr, name = skynet.call(s, "lua", "who")
		t.eq(addr, s, "self")
		t.eq(name, "echo_service", "SERVICE_NAME")
		t.eq(skynet.address(0x0a), ":0000000a", "address format")
	end },
	{ "getenv and setenv", function()
		t.eq(skynet.getenv("thread"), "2", "config key")
		t.eq(skynet.getenv("monitor_interval"), "1000", "unknown keys stay in env")
		skynet.setenv("test_key", "v")
		t.eq(skynet.getenv("test_key"), "v", "setenv")
		t.raises(function() skynet.setenv("test_key", "w") end, "exist", "setenv twice")
	end },
})
