-- test_harbor: global names in a single node (harbor = 0), and skynet.harbor's standalone answers.
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local t = require "testlib"

t.run("test_harbor", {
	{ "a service registers a global name; queryname and calls find it", function()
		local s = skynet.newservice("global_service", "GLOBALECHO")
		t.eq(harbor.queryname("GLOBALECHO"), s, "queryname")
		t.eq(skynet.call("GLOBALECHO", "lua", "hi"), "hi", "call by global name")
		skynet.send("GLOBALECHO", "lua", "sent")
	end },
	{ "queryname waits for a name registered later", function()
		local got
		skynet.fork(function() got = harbor.queryname("LATER") end)
		skynet.yield()
		t.eq(got, nil, "still waiting")
		local s = skynet.newservice("global_service", "LATER")
		for _ = 1, 100 do
			if got then break end
			skynet.sleep(1)
		end
		t.eq(got, s, "woken with the address")
	end },
	{ "skynet.name binds a global name to another service; local names still work", function()
		local s = skynet.newservice("echo_service")
		skynet.name("NAMED", s)
		t.eq(harbor.queryname("NAMED"), s, "named")
		t.eq(skynet.call("NAMED", "lua", "add", 2, 3), 5, "call")
		t.eq(harbor.queryname(".launcher"), skynet.localname(".launcher"), "queryname of a local name")
	end },
	{ "link returns at once; skynet.harbor says harbor 0, local", function()
		harbor.link(1)
		local id, remote = skynet.harbor(skynet.self())
		t.eq(id, 0, "harbor id")
		t.eq(remote, false, "not remote")
		id, remote = skynet.harbor(0x12000001)
		t.eq(id, 0x12, "another harbor's id")
		t.eq(remote, true, "another harbor is remote")
	end },
	{ "bad global names are refused", function()
		-- skynet's manager.lua refuses both with a bare assert
		t.raises(function() skynet.register("123") end, "assertion failed!", "numeric name")
		t.raises(function() skynet.register("ABCDEFGHIJKLMNOPQ") end, "assertion failed!", "long name")
	end },
	{ "a call to a global name registered later waits for it; term ends such a wait", function()
		local got
		skynet.fork(function() got = { pcall(skynet.call, "NOTYET", "lua", "early") } end)
		skynet.send("NOTYET", "lua", "sent early")
		skynet.yield()
		t.eq(got, nil, "the call waits")
		local s = skynet.newservice("global_service", "NOTYET")
		for _ = 1, 100 do
			if got then break end
			skynet.sleep(1)
		end
		t.eq(got and got[2], "early", "answered once the name exists")
		t.eq(harbor.queryname("NOTYET"), s, "registered")
		local failed
		skynet.fork(function() failed = { pcall(skynet.call, "NEVER", "lua", "x") } end)
		skynet.yield()
		skynet.term("NEVER")
		skynet.yield()
		t.eq(failed and failed[1], false, "term fails the waiting call")
	end },
	{ "another node's address: a call fails (the harbor answers for it), a send is dropped", function()
		local remote = 0x12345678
		t.raises(function() skynet.call(remote, "lua", "x") end, "call failed", "call to harbor 0x12")
		skynet.send(remote, "lua", "dropped") -- no error: skynet's harbor logs the drop
		t.raises(function() skynet.call(0x00ffffff, "lua", "x") end, "invalid address", "a local address nobody has")
	end },
})
