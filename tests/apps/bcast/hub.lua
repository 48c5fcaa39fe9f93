-- hub.lua: the channel directory (a uniqueservice): makes a multicast channel per topic, hands out ids, deletes.
local skynet = require "skynet"
local mc = require "skynet.multicast"

local topics = {} -- name -> channel object (this service made them)

local CMD = {}
local gone = {} -- members whose clients left

function CMD.left(who)
	gone[#gone + 1] = who
end

function CMD.gone()
	return table.concat(gone, ",")
end

function CMD.topic(name)
	local ch = topics[name]
	if not ch then
		ch = mc.new()
		topics[name] = ch
		skynet.error("hub: new topic " .. name)
	end
	return ch.channel
end

function CMD.drop(name)
	local ch = topics[name]
	if not ch then
		return false
	end
	ch:delete()
	topics[name] = nil
	skynet.error("hub: dropped topic " .. name)
	return true
end

skynet.start(function()
	CMD.topic("world")
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
