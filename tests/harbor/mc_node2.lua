-- mc_node2: the multicast test's node 2: subscribes to A and B, publishes on A (owned by node 1), has node 3 delete A.
--
-- Every step waits for the previous one's effect to reach this node's
-- subscriber, so what each node receives does not depend on timing.
local skynet = require "skynet"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"

skynet.start(function()
	skynet.error("MC2_START " .. skynet.address(skynet.self()))
	local sub = skynet.newservice("mc_sub", "2")
	local a = multicast.new { channel = datacenter.get("MC_TEST", "A") }
	local b = multicast.new { channel = datacenter.get("MC_TEST", "B") }
	-- a publish from a node that does not own the channel: it goes to node 1,
	-- which sends it to its own subscriber and to nodes 2 and 3
	a:publish("hello from node 2")
	skynet.call(sub, "lua", "wait_for", "hello from node 2")
	skynet.call("MC3", "lua", "delete")
	skynet.call(sub, "lua", "wait_for", "deleted on node 3")
	-- A is deleted: this one reaches nobody, and "end", behind it on the
	-- same connection to node 1, shows it was not merely late
	a:publish("after delete")
	b:publish("end")
	skynet.call(sub, "lua", "wait_for", "end")
	-- this node's only subscriber to B leaves: its multicastd tells the owner
	-- (USUBR), which sends B's messages to node 3 alone from then on
	skynet.call(sub, "lua", "unsubscribe", "B")
	b:publish("bye")
	-- node 1's subscriber got "bye" after its multicastd sent the copies for
	-- other nodes, so a copy for this node, had there been one, came first
	skynet.call("MC1SUB", "lua", "wait_for", "bye")
	skynet.error("MC2_DONE")
end)
