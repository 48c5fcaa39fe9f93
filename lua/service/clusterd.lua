-- clusterd: this node's cluster manager (one per process, a uniqueservice).
-- It knows the node table (the `cluster` config file, then cluster.reload), keeps
-- one clustersender per remote node, listens for other nodes with a gate and
-- starts a clusteragent per connection, keeps the names of cluster.register and
-- the clusterproxy services.
--
-- A node absent from the table is waited for, as skynet's clusterd does, until a
-- reload names it ("Waiting for cluster node [x]", then "Cluster node [x]
-- resolved : host:port"); with `__nowaiting = true` it fails at once ("cluster
-- node [x] is absent."). Where skyglass differs from skynet: a sender connects
-- per request, so a call to a node that is down raises instead of waiting for it.
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster.core"
local prototrace = require "skyglass.prototrace"
local read_cluster_file = require "skynet.cluster_file"

local config_name = skynet.getenv "cluster"
local node_address = {}   -- node name -> "host:port", or false (offline)
local node_sender = {}    -- node name -> clustersender
local config = {}         -- options from keys starting with "__"
local nodename = cluster.nodename()
local command = {}
local namequery = {}      -- node name -> the coroutines waiting for its address

local function sender_of(node)
	local s = node_sender[node]
	if s then return s end
	local address = node_address[node]
	if address == nil and not config.nowaiting then
		local waiters = namequery[node]
		if not waiters then
			waiters = {}
			namequery[node] = waiters
			skynet.error("Waiting for cluster node [" .. node .. "]")
		end
		local co = coroutine.running()
		waiters[#waiters + 1] = co
		skynet.wait(co)
		s = node_sender[node]
		if s then return s end
		address = node_address[node]
	end
	-- skynet's clusterd asserts here: its position and "in global 'assert'" frame
	assert(address ~= nil, string.format("cluster node [%s] is absent.", node))
	-- An offline node with no sender yet has none: the caller's skynet.call(nil)
	-- raises "dest address type (nil) ...", as skynet's does.
	if address == false then return nil end
	s = skynet.newservice("clustersender", node, nodename, tostring(address))
	if node_sender[node] then  -- another request made one while we waited
		skynet.kill(s)
		return node_sender[node]
	end
	node_sender[node] = s
	return s
end

-- Reads the node table: `name = "host:port"` lines, run as Lua. A changed
-- address moves the node's sender; false takes the node offline.
local function loadconfig(nodes)
	if nodes == nil then
		nodes = {}
		if config_name then
			nodes = read_cluster_file(config_name) -- bounded: a broken file raises naming itself
		end
	end
	for name, address in pairs(nodes) do
		if name:sub(1, 2) == "__" then
			config[name:sub(3)] = address
			skynet.error(string.format("Config %s = %s", name:sub(3), tostring(address)))
		else
			-- skynet's bare "assertion failed!" (a node table or a reload naming a number, a table...)
			assert(address == false or type(address) == "string")
			if node_address[name] ~= address then
				node_address[name] = address
				local s = node_sender[name]
				if s then skynet.call(s, "lua", "changenode", address) end
			end
			local waiters = namequery[name]
			if waiters and not config.nowaiting then
				namequery[name] = nil
				skynet.error(string.format("Cluster node [%s] resolved : %s", name, tostring(address)))
				for _, co in ipairs(waiters) do skynet.wakeup(co) end
			end
		end
	end
	if config.nowaiting then  -- the waiting calls fail now: "is absent."
		for name, waiters in pairs(namequery) do
			namequery[name] = nil
			for _, co in ipairs(waiters) do skynet.wakeup(co) end
		end
	end
end

function command.reload(_, nodes)
	loadconfig(nodes)
	skynet.ret(skynet.pack(nil))
end

-- listen(addr, port, maxclient): a gate on addr:port; listen(name) uses the
-- node table's address for `name`. A taken port raises "Listen error".
function command.listen(_, addr, port, maxclient)
	local name = port == nil and addr or nil  -- open(name): this process is node `name`
	-- As skynet's: the gate is made first, then the name looked up; a failure
	-- raises here (logged with the dispatch error line, the caller gets "call
	-- failed") and the gate that could not listen stays, idle.
	local gate = skynet.newservice("gate")
	local host = addr
	if port == nil then  -- the gate gets "host:port" and logs it as skynet's does
		host = assert(node_address[addr], addr .. " is down")
	end
	-- maxqueue: a peer node may push in bursts; past a million requests
	-- waiting in its clusteragent (some 130 MB) the link is closed.
	local realaddr, realport = skynet.call(gate, "lua", "open",
		{ address = host, port = port, maxclient = maxclient, nodelay = true, maxqueue = 1000000 })
	-- The trace names the node this process is; the log has only the gate's
	-- "Listen on" line, as skynet's.
	prototrace.node(name or "", string.format("%s:%s", tostring(realaddr), tostring(realport)))
	skynet.ret(skynet.pack(realaddr, realport))
end

function command.sender(_, node)
	-- A raise here (e.g. "cluster node [x] is absent.") is logged with the
	-- dispatch error line, as skynet's clusterd's assert is; the caller gets "call failed".
	skynet.ret(skynet.pack(sender_of(node)))
end

function command.senders()
	skynet.retpack(node_sender)
end

local proxy = {}

function command.proxy(_, node, name)
	if name == nil then
		node, name = node:match "^([^@.]+)([@.].+)"
		if name == nil then error("Invalid name " .. tostring(node)) end
	end
	local fullname = node .. "." .. name
	local p = proxy[fullname]
	if p == nil then
		p = skynet.newservice("clusterproxy", node, name)
		if proxy[fullname] then
			skynet.kill(p)
			p = proxy[fullname]
		else
			proxy[fullname] = p
		end
	end
	skynet.ret(skynet.pack(p))
end

local cluster_agent = {}   -- fd -> clusteragent (false while it starts, true if closed meanwhile)
local register_name = {}   -- name -> handle and handle -> name

local function clearnamecache()
	for _, agent in pairs(cluster_agent) do
		if type(agent) == "number" then skynet.send(agent, "lua", "namechange") end
	end
end

function command.register(source, name, addr)
	assert(register_name[name] == nil) -- skynet's words: "assertion failed!"
	addr = addr or source
	local old_name = register_name[addr]
	if old_name then
		register_name[old_name] = nil
		clearnamecache()
	end
	register_name[addr] = name
	register_name[name] = addr
	skynet.ret(nil)
	skynet.error(string.format("Register [%s] :%08x", name, addr))
end

function command.unregister(_, name)
	local addr = register_name[name]
	if addr then
		register_name[addr] = nil
		register_name[name] = nil
		clearnamecache()
		skynet.error(string.format("Unregister [%s] :%08x", name, addr))
	end
	skynet.ret(nil)
end

function command.queryname(_, name)
	skynet.ret(skynet.pack(register_name[name]))
end

-- The gate's news about connections (clusterd is its watchdog).
function command.socket(source, subcmd, fd, msg)
	if subcmd == "open" then
		skynet.error(string.format("socket accept from %s", msg))
		cluster_agent[fd] = false
		local agent = skynet.newservice("clusteragent", skynet.self(), source, fd)
		local closed = cluster_agent[fd]
		cluster_agent[fd] = agent
		if closed then
			skynet.send(agent, "lua", "exit")
			cluster_agent[fd] = nil
		end
	elseif subcmd == "close" or subcmd == "error" then
		local agent = cluster_agent[fd]
		if type(agent) == "boolean" then
			cluster_agent[fd] = true
		elseif agent then
			skynet.send(agent, "lua", "exit")
			cluster_agent[fd] = nil
		end
	else
		skynet.error(string.format("socket %s %d %s", subcmd, fd, msg or ""))
	end
end

skynet.start(function()
	loadconfig()
	skynet.dispatch("lua", function(_, source, cmd, ...)
		local f = command[cmd] or error("clusterd: unknown command " .. tostring(cmd))
		f(source, ...)
	end)
end)
