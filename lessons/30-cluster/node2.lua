-- node2: the second node: answers ping with pong, says hello to node1 first.
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster"

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, n)
		if cmd == "ping" then
			skynet.error("node2: ping " .. n)
			skynet.ret(skynet.pack("pong", n))
		elseif cmd == "exit" then
			skynet.abort(0)
		end
	end)
	-- node1 ends node2 with "exit"; should node1 die first, node2 still ends.
	skynet.timeout(9000, function() skynet.abort(1) end)
	cluster.register("pong")
	cluster.reload { node1 = assert(os.getenv("NODE1"), "NODE1 is not set"), node2 = "127.0.0.1:0" }
	local _, port = cluster.open("node2")
	skynet.error("node2: listening on port " .. port)
	cluster.call("node1", "@hub", "hello", "node2", "127.0.0.1:" .. port)
end)
