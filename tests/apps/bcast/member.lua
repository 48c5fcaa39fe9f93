-- member.lua: one chatter: subscribes to topics (multicast channels by id from the hub), publishes to them,
-- and writes what arrives to its client.
local skynet = require "skynet"
local socket = require "skynet.socket"
local mc = require "skynet.multicast"
require "skynet.manager" -- skynet.abort

local fd, me = tonumber((...)), "m" .. select(2, ...)
local hub
local chans = {} -- topic -> channel object

local function on_message(ch, source, from, text, extra)
	if text == "boom" then
		error("member " .. me .. " cannot take a boom")
	end
	socket.write(fd, string.format("[%s] %s: %s (%s)\n", extra.topic, from, text, tostring(extra.n)))
end

local function channel(topic)
	local ch = chans[topic]
	if not ch then
		ch = mc.new { channel = skynet.call(hub, "lua", "topic", topic), dispatch = on_message }
		chans[topic] = ch
	end
	return ch
end

local said = 0

local function answer(cmd, topic, text)
	if cmd == "sub" then
		local ch = channel(topic)
		ch:subscribe()
		ch:subscribe() -- a second time does nothing
		return "subscribed " .. topic
	elseif cmd == "unsub" then
		channel(topic):unsubscribe()
		return "unsubscribed " .. topic
	elseif cmd == "say" then
		said = said + 1
		local ok, err = pcall(channel(topic).publish, channel(topic), me, text, { topic = topic, n = said })
		return ok and "sent" or ("not sent: " .. tostring(err):gsub("^.*:%d+: ", ""))
	elseif cmd == "drop" then
		return "dropped " .. tostring(skynet.call(hub, "lua", "drop", topic))
	elseif cmd == "gone" then
		return "gone " .. skynet.call(hub, "lua", "gone")
	elseif cmd == "forget" then
		-- the channel object let go of: its id is asked again next time
		chans[topic] = nil
		return "forgot " .. topic
	elseif cmd == "shutdown" then
		skynet.abort()
		return nil
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	hub = skynet.uniqueservice("hub")
	skynet.fork(function()
		socket.start(fd)
		socket.write(fd, "hello " .. me .. "\n")
		while true do
			local line = socket.readline(fd)
			if not line then
				skynet.error(me .. " left")
				skynet.call(hub, "lua", "left", me)
				skynet.exit() -- still subscribed: the channel objects unsubscribe as the state closes
				return
			end
			local r = answer(line:match "^(%S+)%s*(%S*)%s*(.*)$")
			if r then
				socket.write(fd, r .. "\n")
			end
		end
	end)
end)
