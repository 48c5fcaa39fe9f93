-- node1: listens as cluster node "node1", starts node2 as a second skyglass
-- process, learns node2's address from its hello, then plays ping-pong with it
-- across the two processes.
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster"

local hello_from   -- the coroutine waiting for node2's hello

local function start_node2(node1_address)
	-- /proc/self/stat, read by this process, starts with this process's pid;
	-- /proc/<pid>/exe is then the skyglass binary that runs us.
	local f = assert(io.open("/proc/self/stat"))
	local pid = f:read("n")
	f:close()
	-- node2 keeps its own trace (node2_config.lua), not the one a test set for node1.
	os.execute(string.format("env -u SKYGLASS_TRACE NODE1=%s /proc/%d/exe lessons/30-cluster/node2_config.lua"
		.. " >run/30-cluster-node2.log 2>&1 &", node1_address, pid))
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, node, address)
		assert(cmd == "hello")
		-- lesson 30.2: reload adds node2 to node1's table of nodes
		cluster.reload { [node] = address }
		skynet.error(string.format("node1: %s says hello from %s", node, address))
		skynet.ret(skynet.pack("welcome"))
		skynet.wakeup(hello_from)
	end)
	cluster.register("hub")
	-- lesson 30.1: node1 listens; port 0 lets the OS choose a free one
	cluster.reload { node1 = "127.0.0.1:0" }
	local host, port = cluster.open("node1")
	skynet.error(string.format("node1: listening on %s:%d", host, port))
	os.execute("mkdir -p run")
	start_node2(string.format("127.0.0.1:%d", port))

	hello_from = coroutine.running()
	skynet.timeout(6000, function()
		if hello_from then
			skynet.error("node1: node2 did not say hello in 60 s (see run/30-cluster-node2.log)")
			skynet.abort(1)
		end
	end)
	skynet.wait(hello_from)
	hello_from = nil

	for i = 1, 3 do
		-- lesson 30.3: a call to a service on another node, by its cluster name
		local answer, n = cluster.call("node2", "@pong", "ping", i)
		skynet.error(string.format("node1: node2 answered %s %d", answer, n))
	end
	cluster.send("node2", "@pong", "exit")
	skynet.sleep(10)
	skynet.abort(0)
end)
