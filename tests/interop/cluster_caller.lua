-- cluster_caller: the skyglass node's side of run_cluster.sh: calls the skynet
-- node "sk" every way the cluster API offers, and answers its calls back.
local skynet = require "skynet"
local cluster = require "skynet.cluster"
local t = require "testlib"

local function big(n)
	local parts = {}
	for i = 1, n // 16 do parts[i] = string.format("%015d\n", i) end
	return table.concat(parts)
end

t.run("interop", {
	{ "skyglass listens as sg and offers @pong", function()
		cluster.register("pong", skynet.newservice("pong"))
		cluster.open("sg")
	end },
	{ "call a skynet service by @name, by .name and by query", function()
		local a, b = cluster.call("sk", "@pong", "ping", 42, { t = true })
		t.eq(a, "pong", "answer")
		t.eq(b, 42, "argument back")
		t.eq(select(2, cluster.call("sk", ".pong", "ping", "local")), "local", "by the node's local name")
		local handle = cluster.query("sk", "pong")
		t.eq(select(2, cluster.call("sk", handle, "ping", "h")), "h", "by handle")
	end },
	{ "send to skynet, in order", function()
		for i = 1, 3 do cluster.send("sk", "@pong", "note", i) end
		t.eq(table.concat(cluster.call("sk", "@pong", "notes"), ","), "1,2,3", "notes")
	end },
	{ "1 MiB both ways through skynet's multi-part framing", function()
		local s = big(1024 * 1024)
		assert(cluster.call("sk", "@pong", "echo", s) == s, "1 MiB changed")
	end },
	{ "a skynet error reaches the skyglass caller", function()
		local ok, err = pcall(cluster.call, "sk", "@pong", "fail")
		assert(not ok and tostring(err):find("call failed", 1, true), tostring(err)) -- skynet's text; the sender logs why
	end },
	{ "skynet calls back into skyglass", function()
		local a, b = cluster.call("sk", "@peer", "callback", "sg", "round trip")
		t.eq(a, "pong", "skyglass answered skynet")
		t.eq(b, "round trip", "argument")
	end },
	{ "skynet sends to skyglass by @name and queries its name", function()
		t.eq(table.concat(cluster.call("sk", "@peer", "sendback", "sg", "n"), ","), "n1,n2,n3", "notes, in order")
	end },
	{ "1 MiB from skynet to skyglass and back (skynet's sender, skyglass's agent)", function()
		local s = big(1024 * 1024)
		assert(cluster.call("sk", "@peer", "echoback", "sg", s) == s, "1 MiB changed on the way")
	end },
	{ "a proxy to a skynet service", function()
		local p = cluster.proxy("sk", "@pong")
		t.eq(select(2, skynet.call(p, "lua", "ping", 7)), 7, "through the proxy")
	end },
	{ "500 pipelined calls to skynet", function()
		local n, done, me = 500, 0, coroutine.running()
		for i = 1, n do
			skynet.fork(function()
				assert(select(2, cluster.call("sk", "@pong", "ping", i)) == i)
				done = done + 1
				if done == n then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
	end },
	{ "the skynet node killed mid-call: the skyglass caller raises, naming it", function()
		-- run_cluster.sh kills the skynet process when its pong logs SLOW_STARTED
		local ok, err = pcall(cluster.call, "sk", "@pong", "slow")
		assert(not ok and tostring(err):find("call failed", 1, true), tostring(err)) -- the sender logs "is down"
	end },
	{ "the skynet node started again: a later call reconnects", function()
		-- run_cluster.sh restarts it on the same port; until it listens, a
		-- call raises at once (bounded: 20 s)
		local ok, a, b
		for _ = 1, 200 do
			ok, a, b = pcall(cluster.call, "sk", "@pong", "ping", "again")
			if ok then break end
			skynet.sleep(10)
		end
		assert(ok, "no answer from the restarted node: " .. tostring(a))
		t.eq(a, "pong", "answer")
		t.eq(b, "again", "argument")
		cluster.send("sk", "@pong", "note", 9)
		t.eq(table.concat(cluster.call("sk", "@pong", "notes"), ","), "9", "a send to the new node, by name")
	end },
})
