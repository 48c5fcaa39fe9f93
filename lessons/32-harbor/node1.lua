-- node1: the lesson's node 1 (harbor 1, the master): names itself HUB, starts nodes 2 and 3, calls them and shares a channel with them.
local skynet = require "skynet"
local harbor = require "skynet.harbor"
require "skynet.manager"
local multicast = require "skynet.multicast"

local hello_from = {}   -- harbor id -> true once that node said hello
local waiting           -- the coroutine waiting for a hello

-- /proc/self/stat starts with this process's pid; /proc/<pid>/exe is the
-- skyglass binary that runs us. The new node keeps its own trace
-- (node_config.lua), not the one a test set for node 1.
local function start_node(id)
	local f = assert(io.open("/proc/self/stat"))
	local pid = f:read("n")
	f:close()
	local master = assert(skynet.getenv "standalone_address")
	os.execute(string.format("env -u SKYGLASS_TRACE HARBOR=%d MASTER=%s /proc/%d/exe lessons/32-harbor/node_config.lua"
		.. " >run/32-harbor-node%d.log 2>&1 &", id, master, pid, id))
	waiting = coroutine.running()
	skynet.timeout(6000, function()
		if not hello_from[id] then
			skynet.error(string.format("node1: node %d did not say hello in 60 s (see run/32-harbor-node%d.log)", id, id))
			skynet.abort(1)
		end
	end)
	skynet.wait(waiting)
	waiting = nil
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, id)
		assert(cmd == "hello")
		skynet.error(string.format("node1: node %d says hello", id))
		hello_from[id] = true
		skynet.ret()
		skynet.wakeup(waiting)
	end)
	local self = skynet.self()
	-- lesson 32.1: an address's high 8 bits are its node's harbor id
	skynet.error(string.format("node1: I am %s, on harbor %d", skynet.address(self), skynet.harbor(self)))
	-- lesson 32.2: a global name, told to the master, which tells every slave
	harbor.globalname("HUB")

	local chan = multicast.new() -- a channel of node 1's: its id's low 8 bits are 1
	skynet.error("node1: made channel " .. tostring(chan))
	local sub = skynet.newservice("sub")
	skynet.call(sub, "lua", "subscribe", chan.channel)

	os.execute("mkdir -p run")
	start_node(2)
	start_node(3)

	local node2 = harbor.queryname("NODE2")
	local node3 = harbor.queryname("NODE3")
	skynet.error(string.format("node1: NODE2 is %s, NODE3 is %s", skynet.address(node2), skynet.address(node3)))
	-- lesson 32.3: a call to another node's address goes through the harbor service
	local answer, n = skynet.call(node2, "lua", "ping", 1)
	skynet.error(string.format("node1: node 2 answered %s %d", answer, n))

	-- Nodes 2 and 3 subscribe to node 1's channel; node 2 publishes on it.
	skynet.call(node2, "lua", "subscribe", chan.channel)
	skynet.call(node3, "lua", "subscribe", chan.channel)
	skynet.call(node2, "lua", "publish", "hello from node 2")
	for _, who in ipairs { { "node 1", sub }, { "node 2", node2 }, { "node 3", node3 } } do
		local text, source = skynet.call(who[2], "lua", "wait_got")
		skynet.error(string.format("node1: %s's subscriber got '%s' from %s", who[1], text, skynet.address(source)))
	end
	-- the owner deletes it: nodes 2 and 3 are told (DELR)
	chan:delete()
	-- harbor.link returns when that node is gone: nodes 2 and 3 end on "bye"
	skynet.send(node2, "lua", "bye")
	skynet.send(node3, "lua", "bye")
	harbor.link(2)
	harbor.link(3)
	skynet.error("node1: nodes 2 and 3 are gone")
	skynet.abort(0)
end)
