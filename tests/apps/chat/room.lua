-- room.lua: one chat room: members get messages by a skynet.send loop and announcements by multicast.
local skynet = require "skynet"
local mc = require "skynet.multicast"
require "skynet.manager" -- skynet.register

local name = ...
local members = {} -- in join order: { agent = address, who = name }
local channel

local CMD = {}

function CMD.join(agent, who)
	members[#members + 1] = { agent = agent, who = who }
	skynet.error(string.format("room %s: %s joined, %d members", name, who, #members))
	return #members, channel.channel
end

function CMD.say(who, text)
	local delivered = 0
	for _, m in ipairs(members) do
		if skynet.send(m.agent, "lua", "push", who, text) then
			delivered = delivered + 1
		end
	end
	return delivered
end

function CMD.announce(who, text)
	channel:publish(who .. ": " .. text)
end

skynet.start(function()
	channel = mc.new()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		if session == 0 then
			f(...)
		else
			skynet.ret(skynet.pack(f(...)))
		end
	end)
	skynet.register("." .. name)
end)
