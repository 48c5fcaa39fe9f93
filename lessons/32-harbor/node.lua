-- node: the start service of nodes 2 and 3: a global name of its own, a hello to node 1's HUB, then does what node 1 asks.
local skynet = require "skynet"
local harbor = require "skynet.harbor"
require "skynet.manager"
local multicast = require "skynet.multicast"

local id = skynet.harbor(skynet.self())
local sub            -- this node's subscriber (sub.lua)
local chan           -- the channel, once node 1 has named it
local command = {}

function command.ping(n)
	skynet.error(string.format("node%d: ping %d from node 1", id, n))
	return "pong", n
end

function command.subscribe(channel)
	chan = multicast.new { channel = channel }
	return skynet.call(sub, "lua", "subscribe", channel)
end

function command.publish(text)
	-- lesson 32.7: a publish here, to a channel node 1 owns
	chan:publish(text)
end

function command.wait_got()
	return skynet.call(sub, "lua", "wait_got")
end

function command.bye()
	skynet.fork(skynet.abort, 0)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
	-- node 1 ends this node with "bye"; should node 1 die first, it still ends.
	skynet.timeout(9000, function() skynet.abort(1) end)
	sub = skynet.newservice("sub")
	-- a global name: every node's slave learns it from the master
	harbor.globalname("NODE" .. id)
	local hub = harbor.queryname("HUB")
	skynet.error(string.format("node%d: I am %s; HUB is %s, on harbor %d", id,
		skynet.address(skynet.self()), skynet.address(hub), skynet.harbor(hub)))
	skynet.call(hub, "lua", "hello", id)
end)
