-- multicastd: the channels of skynet.multicast: who subscribes to what, and the fan-out of each publish, across nodes too.
--
-- Every node that uses skynet.multicast runs one multicastd (a uniqueservice,
-- so one per node). A channel belongs to the node that made it: the low 8 bits
-- of its id are that node's harbor id. In a harbor network the owner keeps,
-- besides its local subscribers, the set of other nodes that have some; each of
-- those nodes' multicastd keeps its own local subscribers. So a publish
-- crosses the network once per node, not once per subscriber:
--
--   publish on a node that is not the owner  -> the bytes go to the owner
--   the owner                               -> its local subscribers, and the
--                                               bytes to each subscribing node
--   a subscribing node's multicastd          -> its local subscribers
--
-- The messages between multicastds are skynet's (docs/wire-formats.md,
-- "multicast between nodes"), so skyglass and skynet nodes share channels.
local skynet = require "skynet"
require "skynet.manager"
local mc = require "skynet.multicast.core"
local datacenter = require "skynet.datacenter"

local harbor_id = skynet.harbor(skynet.self()) -- 0: one node
local channel = {}        -- id -> set of local subscriber addresses
local channel_n = {}      -- id -> how many local subscribers
local channel_remote = {} -- id -> set of harbor ids subscribing (only on the owner)
local next_id = harbor_id
local command = {}
local NORET = {}

local function owner_of(c)
	return c % 256
end

-- Another node's multicastd, as it registered itself in the datacenter
-- (which the whole network shares); asked once per node, then remembered.
-- A non-owner asks for the owner's (a call: SUB, PUB, DEL and USUB wait);
-- the owner learns its subscribing nodes' from their SUBR (see there).
local node_address = {}
local function multicastd_of(node, pack)
	local address = node_address[node]
	if address == nil then
		address = datacenter.get("multicast", node)
		-- a node with no multicastd (a channel id never made): skynet's bare
		-- assert; a package on its way there is freed first (skynet's leaks it)
		if address == nil and pack then mc.close(pack) end
		address = assert(address)
		node_address[node] = address
	end
	return address
end

-- Channel ids are skynet's: the low 8 bits are the harbor id, so the first
-- channel is 0, then 0x100, 0x200... ("[Multicast:100]"). The top bit stays clear.
function command.NEW()
	while channel[next_id] do
		next_id = (next_id + 256) & 0x7fffffff
	end
	local id = next_id
	channel[id] = {}
	channel_n[id] = 0
	next_id = (next_id + 256) & 0x7fffffff
	return id
end

-- The owner deleted the channel: its subscribers here hear no more of it.
function command.DELR(_, c)
	channel[c] = nil
	channel_n[c] = nil
	return NORET
end

-- Delete on a node that is not the owner asks the owner, which deletes the
-- channel and tells every subscribing node (DELR).
function command.DEL(_, c)
	local owner = owner_of(c)
	if owner ~= harbor_id then
		skynet.send(multicastd_of(owner), "lua", "DEL", c)
		return NORET
	end
	local remote = channel_remote[c]
	channel[c] = nil
	channel_n[c] = nil
	channel_remote[c] = nil
	if remote then
		for node in pairs(remote) do
			skynet.send(multicastd_of(node), "lua", "DELR", c)
		end
	end
	return NORET
end

-- Another node's multicastd gets the packed bytes: a package's address would
-- mean nothing there. The channel id rides in the session, as locally.
local function publish_remote(node, c, source, msg, sz)
	skynet.redirect(multicastd_of(node), source, "multicast", c, msg, sz)
end

-- A channel that does not exist (deleted) is a dead one, as in skynet: a
-- publish to it is dropped.
local function publish(c, source, pack)
	local remote = channel_remote[c]
	if remote then
		-- lesson 32.8: the owner sends the bytes once to each subscribing node
		local bytes = mc.tostring(pack)
		for node in pairs(remote) do
			publish_remote(node, c, source, bytes)
		end
	end
	local n = channel_n[c]
	if n == nil or n == 0 then
		mc.close(pack)
		return
	end
	-- lesson 21.2: one body per subscriber, each the address of the one shared buffer
	local body = mc.bind(pack, n)
	local group = channel[c]
	for address in pairs(group) do
		if skynet.redirect(address, source, "multicast", c, body) == nil then
			-- The subscriber exited without unsubscribing: its share is
			-- released here, and it leaves the channel.
			mc.close(pack)
			group[address] = nil
			channel_n[c] = channel_n[c] - 1
		end
	end
end

-- Only a local service publishes through us: its package lives in this process.
function command.PUB(source, c, pack)
	if skynet.harbor(source) ~= harbor_id then
		mc.close(pack)
		error(string.format("multicastd: PUB from :%08x, an address of another node", source))
	end
	local owner = owner_of(c)
	if owner ~= harbor_id then
		-- lesson 32.7: a publish to another node's channel goes to its owner
		local address = multicastd_of(owner, pack)
		skynet.redirect(address, source, "multicast", c, mc.remote(pack))
	else
		publish(c, source, pack)
	end
end

-- Another node (source's) has subscribers for one of our channels. Answers
-- true when the channel does not exist, so that node subscribes to nothing.
function command.SUBR(source, c)
	if not channel[c] then
		return true
	end
	local node = skynet.harbor(source)
	assert(node ~= harbor_id and owner_of(c) == harbor_id)
	-- The asker is that node's multicastd: the owner keeps its address from
	-- here, so publish and delete never wait on the datacenter. (skynet's looks
	-- it up at the first publish; a delete arriving during that call emptied
	-- the channel, and the publish reached none of the owner's subscribers.)
	node_address[node] = source
	local nodes = channel_remote[c]
	if nodes == nil then
		nodes = {}
		channel_remote[c] = nodes
	end
	nodes[node] = true
end

-- A local service subscribes. The first subscriber here to another node's
-- channel makes this node a subscriber at the owner (SUBR).
function command.SUB(source, c)
	if skynet.harbor(source) ~= harbor_id then
		-- its deliveries would be package addresses, meaningless in another process
		error(string.format("multicastd: SUB from :%08x, an address of another node (it subscribes through its own node's multicastd)", source))
	end
	local owner = owner_of(c)
	if owner ~= harbor_id and channel[c] == nil then
		-- lesson 32.6: this node tells the channel's owner it has subscribers
		if skynet.call(multicastd_of(owner), "lua", "SUBR", c) then
			return -- the channel is dead
		end
		-- the call yielded: another SUB may have made the channel meanwhile
		if channel[c] == nil then
			channel[c] = {}
			channel_n[c] = 0
		end
	end
	local group = channel[c]
	if group and not group[source] then
		group[source] = true
		channel_n[c] = channel_n[c] + 1
	end
end

-- A node has no subscribers left for one of our channels.
function command.USUBR(source, c)
	local node = skynet.harbor(source)
	assert(node ~= harbor_id)
	local nodes = assert(channel_remote[c])
	nodes[node] = nil
	return NORET
end

function command.USUB(source, c)
	-- as skynet's: unsubscribing from a deleted channel is an error (logged)
	local group = assert(channel[c])
	if group[source] then
		group[source] = nil
		channel_n[c] = channel_n[c] - 1
		local owner = owner_of(c)
		if channel_n[c] == 0 and owner ~= harbor_id then
			-- the last one here: the owner stops sending to this node
			channel[c] = nil
			channel_n[c] = nil
			skynet.send(multicastd_of(owner), "lua", "USUBR", c)
		end
	end
	return NORET
end

-- A multicast message to multicastd itself comes from another node's
-- multicastd: the packed bytes of a publish (the channel id in the session).
skynet.register_protocol {
	name = "multicast",
	id = skynet.PTYPE_MULTICAST,
	unpack = mc.packremote,
	dispatch = function(c, source, pack)
		skynet.ignoreret()
		publish(c, source, pack)
	end,
}

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(_, source, cmd, ...)
		local f = command[cmd]
		if f == nil then
			error("multicastd: unknown command " .. tostring(cmd))
		end
		local result = f(source, ...)
		if result ~= NORET then
			skynet.retpack(result)
		end
	end)
	-- The harbor service lets a multicast message from another node through
	-- only to the service of this name: any other would read its bytes as a
	-- package's address (net/service_harbor.cpp).
	skynet.register(".multicastd")
	-- As skynet's: other nodes find this node's multicastd in the datacenter.
	assert(datacenter.set("multicast", harbor_id, skynet.self()) == nil)
end)
