-- kick_watchdog: a watchdog for test_gate's kick case: records what the gate reports and kicks on demand.
local skynet = require "skynet"

local gate
local events = {} -- "open fd", "close fd", ...

local CMD = {}
function CMD.start(conf) return skynet.call(gate, "lua", "open", conf) end
function CMD.kick(fd) return skynet.call(gate, "lua", "kick", fd) end
function CMD.events() return events end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, sub, fd)
		if cmd == "socket" then
			events[#events + 1] = sub .. " " .. tostring(fd)
			if sub == "open" then
				skynet.send(gate, "lua", "accept", fd)
			end
		else
			skynet.retpack(CMD[cmd](sub, fd))
		end
	end)
	gate = skynet.newservice("gate")
end)
