-- skynet.multicast: publish/subscribe channels kept by the multicastd service.
--
-- local mc = multicast.new { channel = id (or nil for a new one), dispatch = function(channel, source, ...) end }
-- mc:subscribe(), mc:unsubscribe(), mc:publish(...), mc:delete()
--
-- A publish packs its message once; every subscriber reads that same buffer
-- (see lua/lua_multicast.cpp), which is freed after the last one is done.
local skynet = require "skynet"
local mc = require "skynet.multicast.core"

local multicastd
local multicast = {}
local subscribed = {} -- channel id -> the channel object dispatching its messages here

local chan = {}
local chan_meta = {
	__index = chan,
	__gc = function(self)
		self:unsubscribe()
	end,
	__tostring = function(self)
		return string.format("[Multicast:%x]", self.channel or 0)
	end,
}

function multicast.new(conf)
	assert(multicastd, "multicast: not initialised (require it before skynet.start)")
	conf = conf or {}
	local self = {
		channel = conf.channel,
		__pack = conf.pack or skynet.pack,
		__unpack = conf.unpack or skynet.unpack,
		__dispatch = conf.dispatch,
	}
	if self.channel == nil then
		self.channel = skynet.call(multicastd, "lua", "NEW")
	elseif math.type(self.channel) ~= "integer" then
		error("multicast.new: channel must be an integer id, got " .. tostring(self.channel), 2)
	end
	return setmetatable(self, chan_meta)
end


function chan:delete()
	local c = assert(self.channel) -- deleted: skynet's "assertion failed!"
	skynet.send(multicastd, "lua", "DEL", c)
	subscribed[c] = nil
	self.channel = nil
	self.__subscribe = nil
end

function chan:publish(...)
	local c = assert(self.channel)
	-- lesson 21.1: the message is packed once, into a buffer every subscriber shares
	local pack = mc.pack(self.__pack(...))
	skynet.call(multicastd, "lua", "PUB", c, pack)
end

function chan:subscribe()
	local c = assert(self.channel)
	if self.__subscribe then
		return
	end
	skynet.call(multicastd, "lua", "SUB", c)
	self.__subscribe = true
	-- as skynet's: the last object subscribed dispatches the channel here
	-- (one without a dispatch fails each message: "attempt to call a nil value")
	subscribed[c] = self
end

function chan:unsubscribe()
	if not self.__subscribe then
		return
	end
	local c = self.channel
	skynet.send(multicastd, "lua", "USUB", c)
	self.__subscribe = nil
	subscribed[c] = nil
end

-- A multicast message: the channel id rides in the session field.
local function dispatch_subscribe(channel, source, pack, msg, sz)
	skynet.ignoreret()
	local self = subscribed[channel]
	if not (self and self.__subscribe) then
		-- unsubscribed while this message was on its way
		mc.close(pack)
		return
	end
	-- lesson 21.3: each subscriber reads the shared buffer, then lets go of it
	local ok, err = pcall(self.__dispatch, self, source, self.__unpack(msg, sz))
	mc.close(pack)
	assert(ok, err) -- as skynet's: the error positioned here
end

skynet.init(function()
	multicastd = skynet.uniqueservice "multicastd"
	skynet.register_protocol {
		name = "multicast",
		id = skynet.PTYPE_MULTICAST,
		unpack = mc.unpack,
		dispatch = dispatch_subscribe,
	}
end)

return multicast
