-- sub: node 1's subscriber to the lesson's channel: remembers the first message it gets.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local got        -- { text, source } of the first message
local waiting    -- the coroutine of a wait_got call

local command = {}

function command.subscribe(channel)
	local chan = multicast.new {
		channel = channel,
		dispatch = function(_, source, text)
			skynet.error(string.format("sub: got '%s' from %s", text, skynet.address(source)))
			got = got or { text, source }
			if waiting then
				skynet.wakeup(waiting)
			end
		end,
	}
	chan:subscribe()
end

-- Answers with the first message once it has come.
function command.wait_got()
	if not got then
		waiting = coroutine.running()
		skynet.wait()
		waiting = nil
	end
	return got[1], got[2]
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
