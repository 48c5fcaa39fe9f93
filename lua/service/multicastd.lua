-- multicastd: the channels of skynet.multicast: who subscribes to what, and the fan-out of each publish.
local skynet = require "skynet"
require "skynet.manager"
local mc = require "skynet.multicast.core"

local channel = {}   -- id -> set of subscriber addresses
local channel_n = {} -- id -> how many subscribers
local harbor_id = skynet.harbor(skynet.self()) -- 0: one node
local next_id = harbor_id
local command = {}
local NORET = {}

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

function command.DEL(_, c)
	channel[c] = nil
	channel_n[c] = nil
	return NORET
end

-- A channel that does not exist (deleted) is a dead one, as in skynet: a
-- publish to it is dropped and a subscribe does nothing.
function command.PUB(source, c, pack)
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

function command.SUB(source, c)
	local group = channel[c]
	if group and not group[source] then
		group[source] = true
		channel_n[c] = channel_n[c] + 1
	end
end

function command.USUB(source, c)
	-- as skynet's: unsubscribing from a deleted channel is an error (logged)
	local group = assert(channel[c])
	if group[source] then
		group[source] = nil
		channel_n[c] = channel_n[c] - 1
	end
	return NORET
end

skynet.register_protocol {
	name = "multicast",
	id = skynet.PTYPE_MULTICAST,
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
end)
