-- node_b: the caller node of the cluster test. Its cases run in order against
-- node a; cluster_test.py kills and restarts node a when the cases ask for it.
local skynet = require "skynet"
local cluster = require "skynet.cluster"
local t = require "testlib"

local function contains(s, part)
	return type(s) == "string" and s:find(part, 1, true) ~= nil
end

t.run("cluster", {
	{ "call by @name, by .name and by the handle that query finds", function()
		local a, b, c = cluster.call("a", "@pong", "ping", 1, { x = "y" })
		t.eq(a, "pong", "first result")
		t.eq(b, 1, "argument back")
		t.eq(c.x, "y", "table back")
		t.eq(cluster.call("a", ".pong", "ping"), "pong", "by local name")
		local handle = cluster.query("a", "pong")
		t.eq(type(handle), "number", "query gives a handle")
		t.eq(select(2, cluster.call("a", handle, "ping", "h")), "h", "by handle")
	end },
	{ "send arrives in order, before a later call", function()
		for i = 1, 5 do cluster.send("a", "@pong", "note", i) end
		local notes = cluster.call("a", "@pong", "notes")
		t.eq(table.concat(notes, ","), "1,2,3,4,5", "notes")
	end },
	{ "proxy: a local address for a remote service", function()
		local p = cluster.proxy("a", "@pong")
		t.eq(select(2, skynet.call(p, "lua", "ping", "via proxy")), "via proxy", "through the proxy")
		t.eq(cluster.proxy("a@pong"), p, "same proxy for node@name")
	end },
	{ "cluster.snax: req and post to a snax service on node a, found by name or by address", function()
		local obj = cluster.snax("a", "pingsnax")
		local tag, a, b = obj.req.echo(1, "two")
		t.eq(tag, "snax", "the response method ran")
		t.eq(a, 1, "first argument back")
		t.eq(b, "two", "second argument back")
		for i = 1, 3 do obj.post.note(i) end
		t.eq(obj.req.notes(), "1,2,3", "posts arrive in order, before a later req")
		local ok, err = pcall(obj.req.fail)
		assert(not ok and contains(err, "call failed"), tostring(err)) -- skynet's text; the sender logs why
		local by_address = cluster.snax("a", "pingsnax", "@pingsnax")
		t.eq(by_address.req.notes(), "1,2,3", "the same service by its cluster name")
		t.eq(cluster.snax("a", "pingsnax", cluster.query("a", "pingsnax")).req.echo(), "snax", "by handle")
	end },
	{ "a remote error raises skynet's \"call failed\" in the caller", function()
		local ok, err = pcall(cluster.call, "a", "@pong", "fail")
		assert(not ok, "the call must fail")
		assert(contains(err, "call failed") and not contains(err, "pong was asked to fail"), err)
		local ok2, err2 = pcall(cluster.call, "a", "@nobody", "ping")
		assert(not ok2 and contains(err2, "call failed"), tostring(err2))
	end },
	{ "a 1 MiB argument and answer cross in parts", function()
		local parts = {}
		for i = 1, 65536 do parts[i] = string.format("%015d\n", i) end
		local big = table.concat(parts)
		t.eq(#big, 1024 * 1024, "size")
		local back = cluster.call("a", "@pong", "echo", big)
		assert(back == big, "1 MiB came back changed")
	end },
	{ "10,000 pipelined calls", function()
		local n, done, wrong = 10000, 0, 0
		local me = coroutine.running()
		local t0 = skynet.hpc()
		for i = 1, n do
			skynet.fork(function()
				local _, v = cluster.call("a", "@pong", "ping", i)
				if v ~= i then wrong = wrong + 1 end
				done = done + 1
				if done == n then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		local seconds = (skynet.hpc() - t0) / 1e9
		skynet.error(string.format("BENCH cluster pipelined calls n=%d %.0f calls/s", n, n / seconds))
		t.eq(wrong, 0, "answers matched their calls")
	end },
	{ "a port already taken: cluster.open raises (the gate logs Listen error)", function()
		local port = tonumber(skynet.getenv("a_port"))
		local ok, err = pcall(cluster.open, port)
		assert(not ok and contains(err, "call failed"), tostring(err))
	end },
	{ "a call to a node missing from the table waits until a reload names it (skynet's clusterd)", function()
		local result
		skynet.fork(function()
			local ok, _, v = pcall(cluster.call, "later", "@pong", "ping", 7)
			result = ok and v or "failed"
		end)
		for _ = 1, 20 do skynet.yield() end
		t.eq(result, nil, "still waiting: no address for node later yet")
		local a_address = string.format("127.0.0.1:%s", skynet.getenv("a_port"))
		cluster.reload { later = a_address }
		for _ = 1, 500 do  -- bounded: 500 x 10 ms
			if result then break end
			skynet.sleep(1)
		end
		t.eq(result, 7, "the waiting call went through once the node was named")
	end },
	{ "with __nowaiting = true a missing node fails at once, and so do calls already waiting", function()
		local result
		skynet.fork(function()
			result = select(2, pcall(cluster.call, "nowhere", "@pong", "ping"))
		end)
		for _ = 1, 20 do skynet.yield() end
		t.eq(result, nil, "waiting before nowaiting")
		cluster.reload { __nowaiting = true }
		for _ = 1, 100 do
			if result then break end
			skynet.yield()
		end
		-- as skynet's: clusterd raises "is absent." (logged), cluster.call then calls a nil sender
		local nil_sender = "dest address type (nil) must be a string or number."
		assert(result and contains(result, nil_sender), tostring(result))
		local ok, err = pcall(cluster.call, "nowhere2", "@pong", "ping")
		assert(not ok and contains(err, nil_sender), tostring(err))
	end },
	{ "a node reloaded as false is offline: a call raises at once, a send is dropped", function()
		cluster.reload { dark = false }
		local ok, err = pcall(cluster.call, "dark", "@pong", "ping")
		-- as skynet's: an offline node with no sender yet has none, and cluster.call calls nil
		assert(not ok and contains(err, "dest address type (nil)"), tostring(err))
		assert(pcall(cluster.send, "dark", "@pong", "note", 1), "a send to an offline node does not raise (skynet's neither)")
	end },
	{ "register and unregister: what query finds (node b asks itself over TCP)", function()
		cluster.open("b")
		cluster.register("me", skynet.self())
		t.eq(cluster.query("b", "me"), skynet.self(), "query finds the registered handle")
		cluster.unregister("me")
		local ok, err = pcall(cluster.query, "b", "me")
		assert(not ok and contains(err, "call failed"), tostring(err)) -- node b logs "name not found"
	end },
	{ "the callee killed mid-call: the caller raises (the sender logs that node a is down)", function()
		local ok, err = pcall(cluster.call, "a", "@pong", "slow")
		assert(not ok and contains(err, "call failed"), tostring(err))
		local ok2, err2 = pcall(cluster.call, "a", "@pong", "ping")
		assert(not ok2 and contains(err2, "call failed"), tostring(err2))
	end },
	{ "the callee restarted: calls work again", function()
		skynet.error("RESTART_A")  -- cluster_test.py starts node a again
		local ok, v
		for _ = 1, 600 do  -- bounded: 600 x 50 ms (a sanitizer build starts slowly)
			ok, v = pcall(cluster.call, "a", "@pong", "ping")
			if ok then break end
			skynet.sleep(5)
		end
		assert(ok, "node a did not come back: " .. tostring(v))
		t.eq(v, "pong", "answer after restart")
	end },
})
