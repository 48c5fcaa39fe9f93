-- test_datacenter: skynet.datacenter set/get/wait, branches, and the errors for bad input.
local skynet = require "skynet"
local datacenter = require "skynet.datacenter"
local t = require "testlib"

t.run("test_datacenter", {
	{ "set then get a leaf at any depth, and a whole branch", function()
		t.eq(datacenter.set("a", 1), nil, "first set returns the old value (none)")
		t.eq(datacenter.get("a"), 1, "depth 1")
		datacenter.set("user", "alice", "level", 7)
		datacenter.set("user", "alice", "name", "Alice")
		t.eq(datacenter.get("user", "alice", "level"), 7, "depth 3")
		local branch = datacenter.get("user", "alice")
		t.eq(branch.level, 7, "branch.level")
		t.eq(branch.name, "Alice", "branch.name")
		t.eq(datacenter.set("a", 2), 1, "set returns the value it replaced")
		t.eq(datacenter.get("nobody", "here"), nil, "a missing path reads nil")
		t.raises(function() datacenter.get("a", "below") end, "call failed", "below a leaf (datacenterd logs why)")
	end },
	{ "how many values come back, as skynet's", function()
		t.eq(select("#", datacenter.get("unset")), 0, "get of an unset first key: no value")
		t.eq(select("#", datacenter.get("user", "nobody")), 1, "get below a set key: one nil")
		t.eq(select("#", datacenter.set("fresh", 1)), 0, "set of a new leaf: no value")
		t.eq(select("#", datacenter.set("fresh", 2)), 1, "set over a value: the old one")
		t.eq(select("#", datacenter.set("fresh", nil)), 1, "clearing a leaf: the old one")
	end },
	{ "skynet's global name DATACENTER reaches the same service", function()
		datacenter.set("viaglobal", 1)
		t.eq(skynet.call("DATACENTER", "lua", "QUERY", "viaglobal"), 1, "call by global name")
	end },
	{ "wait is woken by a later set", function()
		local got = {}
		for i = 1, 3 do
			skynet.fork(function() got[i] = datacenter.wait("later", "key") end)
		end
		skynet.sleep(1) -- let the waits reach datacenterd
		t.eq(got[1], nil, "still waiting before the set")
		datacenter.set("later", "key", "value")
		-- the waiters' replies were sent before set's reply, so one yield is enough
		for _ = 1, 100 do
			if got[3] then break end
			skynet.yield()
		end
		for i = 1, 3 do
			t.eq(got[i], "value", "waiter " .. i)
		end
	end },
	{ "wait on a leaf already set returns at once", function()
		datacenter.set("ready", true)
		t.eq(datacenter.wait("ready"), true, "wait")
	end },
	{ "waiting on a branch returns it, as skynet's; a path through a leaf fails", function()
		datacenter.set("tree", "leaf", 1)
		t.eq(datacenter.wait("tree").leaf, 1, "the branch is the answer")
		datacenter.set("cfg", { port = 80 })
		t.eq(datacenter.wait("cfg").port, 80, "a table value is returned, as skynet's")
		-- datacenterd logs skynet's "attempt to index a number value (local 'db')"
		t.raises(function() datacenter.get("tree", "leaf", "deeper") end, "call failed", "get through a leaf")
		t.raises(function() datacenter.set("tree", "leaf", "child", 2) end, "call failed", "set through a leaf")
		t.eq(datacenter.get("tree", "leaf"), 1, "the leaf is unchanged")
	end },
	{ "a set that turns an awaited leaf into a branch fails the waiter", function()
		local err
		skynet.fork(function()
			local ok, e = pcall(datacenter.wait, "grow")
			err = ok and "no error" or e
		end)
		skynet.sleep(1)
		datacenter.set("grow", "child", 1)
		for _ = 1, 100 do
			if err then break end
			skynet.yield()
		end
		assert(err and err:find("call failed", 1, true), tostring(err)) -- as skynet; datacenterd logs why
	end },
	{ "bad arguments fail as skynet's (Lua's 'table index is nil' in datacenterd)", function()
		datacenter.set("only", 1)
		t.eq(datacenter.set("only"), 1, "set with one argument clears the key, answering the old value (skynet's)")
		t.eq(datacenter.get("only"), nil, "cleared")
		t.raises(function() datacenter.wait() end, "call failed", "wait with no key (datacenterd logs why)")
		t.raises(function() datacenter.set(nil, "k", 1) end, "call failed", "nil key")
	end },
})
