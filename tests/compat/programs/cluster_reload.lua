-- cluster_reload: skynet.cluster's node table changing under a running node: clusterd listening twice
-- (two ports), a node name moved from one port to the other and back, a call waiting for a
-- node nobody has named yet (resolved by a later reload), __nowaiting turned on and off, a listen on a
-- taken port and by an unknown node name; sends to a missing name and to a dead address, calls with no
-- arguments and with nil holes. Left out: a node set to false once its sender is up, which skynet's
-- sender handles badly (its socketchannel asserts, the call fails, and moving the node back fails too).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

if mode == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "echo" then
				skynet.retpack(select("#", ...), ...)
			elseif cmd == "push" then
				skynet.error("echo got push", ...)
			elseif cmd == "quit" then
				skynet.retpack("bye")
				skynet.exit()
			end
		end)
	end)
	return
end

local cluster = require "skynet.cluster"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local clusterd = skynet.uniqueservice("clusterd")
	-- cluster.open listens on 0.0.0.0; the tests stay on 127.0.0.1, so ask clusterd as open does.
	local _, port_a = skynet.call(clusterd, "lua", "listen", "127.0.0.1", 0)
	local _, port_b = skynet.call(clusterd, "lua", "listen", "127.0.0.1", 0)
	skynet.error("two ports", port_a ~= port_b)
	local a, b = "127.0.0.1:" .. port_a, "127.0.0.1:" .. port_b

	local echo = skynet.newservice(SERVICE_NAME, "echo")
	cluster.register("echo", echo)
	cluster.reload { me = a }
	skynet.error("on a", cluster.call("me", "@echo", "echo", "a"))
	cluster.reload { me = b }
	skynet.error("moved to b", cluster.call("me", "@echo", "echo", "b"))
	cluster.reload { me = a }
	skynet.error("back on a", cluster.call("me", "@echo", "echo", "a again"))
	cluster.reload { me = a }
	skynet.error("same address again", cluster.call("me", "@echo", "echo", "same"))

	-- A call to a node nobody named waits (no __nowaiting) until a reload names it.
	local done = false
	skynet.fork(function()
		try("late node", cluster.call, "late", "@echo", "echo", "late")
		done = true
	end)
	skynet.yield()
	skynet.error("late call waiting", not done)
	cluster.reload { late = b }
	while not done do skynet.sleep(1) end

	cluster.reload { __nowaiting = true }
	try("unnamed with nowaiting", cluster.call, "unnamed", "@echo", "echo", 1)
	cluster.reload { __nowaiting = false }

	skynet.error("no arguments", cluster.call("me", "@echo", "echo"))
	skynet.error("nil holes", cluster.call("me", "@echo", "echo", nil, 2, nil, nil))
	skynet.error("many", cluster.call("me", "@echo", "echo", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
	cluster.send("me", "@nosuch", "push", "to nobody")
	cluster.send("me", "@echo", "push", "after nobody")
	skynet.error("after sends", cluster.call("me", "@echo", "echo", "after"))

	try("listen on a taken port", skynet.call, clusterd, "lua", "listen", "127.0.0.1", port_a)
	try("listen by an unknown name", skynet.call, clusterd, "lua", "listen", "nonode")
	try("listen by a false name", function()
		cluster.reload { gone = false }
		return skynet.call(clusterd, "lua", "listen", "gone")
	end)

	skynet.error("quit", cluster.call("me", "@echo", "quit"))
	while pcall(skynet.call, echo, "debug", "PING") do
		skynet.sleep(1)
	end
	cluster.send("me", echo, "push", "to the dead")
	try("call the dead", cluster.call, "me", echo, "echo", 1)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
