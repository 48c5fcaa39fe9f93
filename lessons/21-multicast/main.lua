-- main: lesson 21's publisher: makes a channel, starts three subscribers, publishes, and lets one go.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

skynet.start(function()
	local chan = multicast.new() -- a new channel id from multicastd
	local subs = {}
	for i = 1, 3 do
		subs[i] = skynet.newservice("sub", i)
		skynet.call(subs[i], "lua", "subscribe", chan.channel)
	end
	chan:publish("hello #1")
	-- Subscriber 1 leaves; the next publish reaches two.
	skynet.call(subs[1], "lua", "unsubscribe")
	chan:publish("hello #2")
	chan:delete()
	for i = 1, 3 do
		skynet.call(subs[i], "lua", "bye")
	end
	skynet.exit()
end)
