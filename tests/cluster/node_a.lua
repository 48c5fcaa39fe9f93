-- node_a: the callee node of the cluster test: listens as "a" and offers pong
-- as the local name .pong and the cluster name @pong.
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster"
local snax = require "skynet.snax"

skynet.start(function()
	local pong = skynet.newservice("pong")
	skynet.name(".pong", pong)
	cluster.register("pong", pong)
	-- a unique snax service: cluster.snax("a", "pingsnax") finds it through .service
	cluster.register("pingsnax", snax.uniqueservice("pingsnax").handle)
	local addr, port = cluster.open("a")
	skynet.error(string.format("NODE_A_READY %s %s", tostring(addr), tostring(port)))
end)
