-- mc_node3: the multicast test's node 3: subscribes to A and B; asked by node 2, deletes A and publishes on B.
local skynet = require "skynet"
require "skynet.manager"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"

skynet.start(function()
	skynet.newservice("mc_sub", "3")
	skynet.dispatch("lua", function(_, _, cmd)
		assert(cmd == "delete")
		-- delete on a node that does not own the channel: the owner (node 1) deletes it
		multicast.new { channel = datacenter.get("MC_TEST", "A") }:delete()
		-- the same multicastd forwards this publish after the delete, on the same
		-- connection: whoever receives it, the owner has deleted A before
		multicast.new { channel = datacenter.get("MC_TEST", "B") }:publish("deleted on node 3")
		skynet.retpack(true)
	end)
	skynet.name("MC3", skynet.self())
	skynet.error("MC3_READY " .. skynet.address(skynet.self()))
end)
