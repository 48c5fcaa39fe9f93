-- skynet.db.redis.cluster: a redis cluster client that routes each command to its slot's node.
--
-- cluster.new(startup_nodes, opt, onmessage) -> db. db:anycommand(key, ...) hashes the
-- first argument (or its {hash tag}) to one of 16384 slots with crc16, sends it on that
-- slot's master (a skynet.db.redis connection, cached by "host:port") and follows MOVED
-- (remember the new owner, refresh the whole map before the next command) and ASK (send
-- ASKING and the command in one pipeline to the named node, once) replies, at most 16
-- times. SUBSCRIBE/PSUBSCRIBE go to a watch connection per node whose messages reach
-- onmessage(data, channel, pattern). Names, fields and error texts follow skynet's
-- lualib/skynet/db/redis/cluster.lua, so programs reach into db.connections, db.slots...
local skynet = require "skynet"
local redis = require "skynet.db.redis"
local crc16 = require "skynet.db.redis.crc16"

local HASH_SLOTS = 16384
local MAX_REDIRECTIONS = 16

local M = {}

local rediscluster = {}
rediscluster.__index = rediscluster

----------------------------------------------------------------------
-- one connect per node at a time: coroutines asking for a node that is
-- being connected wait for that connect and share its result
----------------------------------------------------------------------

-- keyed by the cluster object too: two clusters reaching one node each get their own link
local inflight = setmetatable({}, { __mode = "k" }) -- cluster -> name -> { waiting, result }

local function once(self, name, fn)
	local jobs = inflight[self]
	if not jobs then
		jobs = {}
		inflight[self] = jobs
	end
	local job = jobs[name]
	if job then
		local co = coroutine.running()
		job.waiting[#job.waiting + 1] = co
		skynet.wait(co)
		return table.unpack(job.result, 1, job.result.n)
	end
	job = { waiting = {} }
	jobs[name] = job
	job.result = table.pack(xpcall(fn, debug.traceback))
	jobs[name] = nil
	for _, co in ipairs(job.waiting) do
		skynet.wakeup(co)
	end
	return table.unpack(job.result, 1, job.result.n)
end

----------------------------------------------------------------------
-- construction and the slot map
----------------------------------------------------------------------

local function nodename(node)
	return string.format("%s:%d", node.host, node.port)
end

function M.new(startup_nodes, opt, onmessage)
	-- a single node may be given as it is rather than in a list
	if #startup_nodes == 0 then
		startup_nodes = { startup_nodes }
	end
	opt = opt or {}
	local self = setmetatable({
		startup_nodes = startup_nodes,
		max_connections = opt.max_connections or 256,
		connections = {}, -- "host:port" -> redis connection
		opt = opt,
		refresh_table_asap = false, -- set by a MOVED: the map is stale
		__onmessage = onmessage,
		__watching = {}, -- "host:port" -> redis watch connection
	}, rediscluster)
	self:initialize_slots_cache()
	return self
end

function rediscluster:set_node_name(node)
	node.name = node.name or nodename(node)
end

function rediscluster:get_redis_link(node)
	return redis.connect {
		host = node.host,
		port = node.port,
		auth = self.opt.auth,
		db = self.opt.db or 0,
	}
end

-- CLUSTER SLOTS answers { first, last, {ip, port, id}, replica... } per range.
local function node_of(entry)
	local host, port = entry[1], tonumber(entry[2])
	assert(type(host) == "string" and port, "redis cluster: bad node in CLUSTER SLOTS reply")
	return { host = host, port = math.tointeger(port) }
end

-- Ask the startup nodes in turn for the slot map; the first that answers wins.
-- A cluster none of them can reach leaves the map empty: commands then try random nodes.
function rediscluster:initialize_slots_cache()
	self.slots = {}
	self.nodes = {}
	for _, startup in ipairs(self.startup_nodes) do
		local ok = pcall(function()
			local ranges = self:get_connection(startup):cluster("slots")
			assert(type(ranges) == "table", "redis cluster: CLUSTER SLOTS is not an array")
			for _, range in ipairs(ranges) do
				local master = node_of(range[3])
				master.slaves = {}
				self:set_node_name(master)
				for i = 4, #range do
					local replica = node_of(range[i])
					self:set_node_name(replica)
					master.slaves[#master.slaves + 1] = replica
				end
				self.nodes[#self.nodes + 1] = master
				local first, last = tonumber(range[1]), tonumber(range[2])
				assert(first and last, "redis cluster: bad slot range")
				for slot = first, last do
					self.slots[slot] = master
				end
			end
			self.refresh_table_asap = false
		end)
		if ok then
			break
		end
	end
end

-- Forget the map (a debugging aid: the next commands find their nodes through MOVED).
function rediscluster:flush_slots_cache()
	self.slots = {}
end

-- The slot of a key: only the part inside the first {...} is hashed when it is not empty,
-- so keys sharing a tag land on one node (what multi-key commands need).
function rediscluster:keyslot(key)
	key = tostring(key)
	local open = key:find("{", 1, true)
	if open then
		local close = key:find("}", open + 1, true)
		if close and close > open + 1 then
			key = key:sub(open + 1, close - 1)
		end
	end
	return crc16(key) % HASH_SLOTS
end

-- Commands that make no sense on one node of a cluster have no key.
local keyless = { info = true, multi = true, exec = true, slaveof = true, config = true, shutdown = true }

-- argv = { cmd, arg1, ... }: the routing key is arg1, but for EVAL/EVALSHA the first of the
-- script's keys, which must all share one slot.
function rediscluster:get_key_from_command(cmd, argv)
	if keyless[cmd] then
		return nil
	end
	if cmd == "eval" or cmd == "evalsha" then
		local numkeys = tonumber(argv[3]) or 0
		local first
		for i = 4, 3 + numkeys do
			local slot = self:keyslot(argv[i])
			if first == nil then
				first = slot
			elseif first ~= slot then
				error(string.format("%s - all keys must map to the same key slot", cmd))
			end
		end
		return argv[4]
	end
	return argv[2]
end

----------------------------------------------------------------------
-- connections
----------------------------------------------------------------------

-- At max_connections, drop one cached connection before caching another.
function rediscluster:close_existing_connection()
	local count = 0
	for _ in pairs(self.connections) do
		count = count + 1
	end
	if count >= self.max_connections then
		local name, conn = next(self.connections)
		self.connections[name] = nil
		pcall(conn.disconnect, conn)
	end
end

function rediscluster:close_all_connection()
	local old = self.connections
	self.connections = {}
	for _, conn in pairs(old) do
		pcall(conn.disconnect, conn)
	end
end

function rediscluster:get_connection(node)
	self:set_node_name(node)
	local name = node.name
	local ok, conn = once(self, name, function()
		local conn = self.connections[name]
		if not conn then
			self:close_existing_connection()
			conn = self:get_redis_link(node)
			self.connections[name] = conn
		end
		return conn
	end)
	assert(ok, conn)
	return conn
end

-- A connection to any known master that answers PING, tried in random order.
function rediscluster:get_random_connection()
	local order = {}
	for i = 1, #self.nodes do
		order[i] = i
	end
	for i = #order, 2, -1 do
		local j = math.random(1, i)
		order[i], order[j] = order[j], order[i]
	end
	for _, index in ipairs(order) do
		local node = self.nodes[index]
		local ok, conn = pcall(function()
			local conn = self:get_connection(node)
			if conn:ping() == "PONG" then
				return conn
			end
			-- a node that answers oddly: close it now, descriptors are scarce
			self.connections[node.name] = nil
			conn:disconnect()
		end)
		if ok and conn then
			return conn
		end
	end
	error("Can't reach a single startup node.")
end

-- The slot's master; with opt.read_slave a replica (in READONLY mode) when the master
-- cannot be reached; a random node when the slot's owner is unknown.
function rediscluster:get_connection_by_slot(slot)
	local node = self.slots[slot]
	if not node then
		return self:get_random_connection()
	end
	local ok, conn = pcall(self.get_connection, self, node)
	if ok then
		return conn
	end
	local replicas = node.slaves
	if self.opt.read_slave and replicas and #replicas > 0 then
		local ok2, replica = pcall(self.get_connection, self, replicas[math.random(1, #replicas)])
		if ok2 then
			replica:readonly()
			return replica
		end
	end
	return self:get_random_connection()
end

----------------------------------------------------------------------
-- dispatch with redirections
----------------------------------------------------------------------

local watch_commands = { subscribe = true, unsubscribe = true, psubscribe = true, punsubscribe = true }

-- "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381" -> kind, slot, node; else nil.
local function redirection(err)
	-- an error raised with a position ("file:line: text") keeps only its text
	err = err:match(".+:%d+:%s(.*)$") or err
	local kind, slot, host, port = err:match("^(%u+) (%d+) (%S+):(%d+)")
	if kind ~= "MOVED" and kind ~= "ASK" then
		return nil, err
	end
	return kind, tonumber(slot), { host = host, port = tonumber(port) }
end

function rediscluster:call(...)
	local argv = table.pack(...)
	local cmd = string.lower(argv[1])
	local key = self:get_key_from_command(cmd, argv)
	if not key then
		error("No way to dispatch this command to Redis Cluster: " .. tostring(argv[1]))
	end
	if watch_commands[cmd] then
		local conn = self:get_watch_connection_by_slot(self:keyslot(key))
		return conn[cmd](conn, table.unpack(argv, 2, argv.n))
	end
	if self.refresh_table_asap then
		self:initialize_slots_cache()
	end
	local slot = self:keyslot(key)
	local ask_node -- set by an ASK: the next try goes there, after ASKING
	local random_node = false -- set by a socket error: the next try goes anywhere
	local last_err
	for attempt = 1, MAX_REDIRECTIONS do
		local conn, result
		if ask_node then
			conn = self:get_connection(ask_node)
			ask_node = nil
			-- ASKING and the command in one write: ASKING holds only for the next command
			result = table.pack(pcall(conn.pipeline, conn, { { "asking" }, { table.unpack(argv, 1, argv.n) } }))
		else
			if random_node then
				random_node = false
				conn = self:get_random_connection()
			else
				conn = self:get_connection_by_slot(slot)
			end
			result = table.pack(pcall(conn[cmd], conn, table.unpack(argv, 2, argv.n)))
		end
		if result[1] then
			return table.unpack(result, 2, result.n)
		end
		last_err = tostring(result[2])
		if last_err == "[Error: socket]" then
			random_node = true
			-- past half the budget the cluster is likely failing over: give it time
			if attempt > MAX_REDIRECTIONS / 2 then
				skynet.sleep(10)
			end
		else
			-- kept without its position, as skynet's keeps it for the final message
			last_err = last_err:match(".+:%d+:%s(.*)$") or last_err
			local kind, moved_slot, node = redirection(last_err)
			if not kind then
				error(moved_slot) -- an ordinary redis error: its text, placed here as skynet does
			end
			if kind == "ASK" then
				ask_node = node
			else
				-- the slot moved: remember its owner now, reload the whole map next time
				self.refresh_table_asap = true
				local old = self.slots[moved_slot]
				node.slaves = old and old.slaves
				self:set_node_name(node)
				self.slots[moved_slot] = node
			end
		end
	end
	error(string.format("Too many Cluster redirections?,maybe node is disconnected (last error: %q)", last_err))
end

----------------------------------------------------------------------
-- publish/subscribe: one watch connection per node, read by a fork
----------------------------------------------------------------------

function rediscluster:get_watch_connection_by_slot(slot)
	if not self.slots[slot] then
		self:initialize_slots_cache()
	end
	local node = assert(self.slots[slot])
	return self:get_watch_connection(node)
end

function rediscluster:get_watch_connection(node)
	self:set_node_name(node)
	local name = node.name
	local ok, w = once(self, "watch " .. name, function()
		local w = self.__watching[name]
		if w then
			return w
		end
		w = redis.watch {
			host = node.host,
			port = node.port,
			auth = self.opt.auth,
			db = self.opt.db or 0,
		}
		self.__watching[name] = w
		local onmessage = rawget(self, "__onmessage")
		skynet.fork(function()
			-- until the watch is disconnected (its metatable is removed then)
			while getmetatable(w) do
				local got = table.pack(pcall(w.message, w))
				if got[1] and got[2] and onmessage then
					pcall(onmessage, got[2], got[3], got[4])
				elseif not got[1] then
					-- a broken connection: the next message() reconnects; don't spin
					skynet.sleep(10)
				end
			end
		end)
		return w
	end)
	assert(ok, w)
	return w
end

-- Every other method is a redis command routed by its key.
setmetatable(rediscluster, {
	__index = function(methods, cmd)
		local fn = function(self, ...)
			return self:call(cmd, ...)
		end
		methods[cmd] = fn
		return fn
	end,
})

return M
