-- cluster_peer: the skynet node's side of run_cluster.sh. It runs on a real
-- skynet: offers pong as @pong, and a peer service (@peer) that calls back into
-- the node that asks, so that both directions cross between skynet and skyglass.
local skynet = require "skynet"
local cluster = require "skynet.cluster"
require "skynet.manager"

local mode = ...

if mode == "peer" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, node, arg)
			if cmd == "callback" then
				skynet.retpack(cluster.call(node, "@pong", "ping", arg))
			elseif cmd == "sendback" then
				-- skynet's cluster.send to a name on the skyglass node, then a query
				for i = 1, 3 do cluster.send(node, "@pong", "note", arg .. i) end
				local handle = cluster.query(node, "pong")
				skynet.retpack(cluster.call(node, handle, "notes"))
			else
				assert(cmd == "echoback")
				skynet.retpack(cluster.call(node, "@pong", "echo", arg))
			end
		end)
	end)
else
	skynet.start(function()
		local pong = skynet.newservice("pong")
		skynet.name(".pong", pong)  -- a local name, for cluster.call(node, ".pong")
		cluster.register("pong", pong)
		cluster.register("peer", skynet.newservice("cluster_peer", "peer"))
		cluster.open("sk")
		skynet.error("SK_READY")
	end)
end
