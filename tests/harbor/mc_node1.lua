-- mc_node1: the multicast test's master node (harbor 1): owns channels A and B, and subscribes to both here too.
local skynet = require "skynet"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"
require "skynet.manager"

skynet.start(function()
	local a = multicast.new()
	local b = multicast.new()
	-- the other nodes read the ids here (as skynet's test/testmulticast2.lua does)
	datacenter.set("MC_TEST", "A", a.channel)
	datacenter.set("MC_TEST", "B", b.channel)
	skynet.name("MC1SUB", skynet.newservice("mc_sub", "1"))
	skynet.error(string.format("MC1_READY %s %s", tostring(a), tostring(b)))
end)
