-- mc_subscriber: a service for test_multicast: subscribes to a channel and records what it receives.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local chan
local got = {}
local command = {}

function command.sub(c)
	chan = multicast.new {
		channel = c,
		dispatch = function(channel, source, ...)
			got[#got + 1] = { source = source, args = table.pack(...) }
		end,
	}
	chan:subscribe()
end

function command.unsub()
	chan:unsubscribe()
end

function command.got()
	local ret = got
	got = {}
	return ret
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
