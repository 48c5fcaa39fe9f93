-- sub: a subscriber: logs every message its channel delivers.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local id = ...
local chan
local command = {}

function command.subscribe(channel)
	chan = multicast.new {
		channel = channel,
		dispatch = function(_, source, text)
			skynet.error(string.format("got %s (sub %s, from %s)", text, id, skynet.address(source)))
		end,
	}
	chan:subscribe()
end

function command.unsubscribe()
	chan:unsubscribe()
end

function command.bye()
	skynet.fork(skynet.exit)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
