-- bench_mc_sub: a subscriber for bench_multicast: counts deliveries and measures its own Lua allocations.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local command = {}

-- sub(channel, expect, raw): subscribe; after `expect` deliveries, tell the
-- publisher how many Lua bytes this state allocated while receiving them
-- (the collector is stopped meanwhile, so nothing allocated is taken back).
function command.sub(channel, expect, raw, publisher)
	local got, before, body = 0, nil, 0
	local chan
	chan = multicast.new {
		channel = channel,
		unpack = raw and function(msg, sz) return sz end or skynet.unpack,
		dispatch = function(_, _, v)
			got = got + 1
			if got == 1 then
				before = collectgarbage("count")
			end
			if got == expect then
				local bytes = (collectgarbage("count") - before) * 1024
				collectgarbage("restart")
				skynet.send(publisher, "lua", "done", bytes / (expect - 1))
			end
		end,
	}
	chan:subscribe()
	collectgarbage("collect")
	collectgarbage("stop")
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
