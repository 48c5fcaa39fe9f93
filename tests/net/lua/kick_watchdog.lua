-- kick_watchdog: a watchdog for test_gate's kick and forward cases: records what
-- the gate reports ("open fd", "data fd payload", "error fd text", ...), accepts
-- each client (its packets come here), and kicks or forwards on demand.
local skynet = require "skynet"

local gate
local events = {} -- "open fd", "close fd", ...

local CMD = {}
function CMD.start(conf) return skynet.call(gate, "lua", "open", conf) end
function CMD.kick(fd) return skynet.call(gate, "lua", "kick", fd) end
function CMD.events() return events end
function CMD.forward(fd, agent, client) return skynet.call(gate, "lua", "forward", fd, client, agent) end
function CMD.accept(fd) return skynet.call(gate, "lua", "accept", fd) end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, sub, fd, ...)
		if cmd == "socket" then
			local extra = (sub == "data" or sub == "error") and " " .. tostring((...)) or ""
			events[#events + 1] = sub .. " " .. tostring(fd) .. extra
			if sub == "open" then
				skynet.send(gate, "lua", "accept", fd)
			end
		else
			skynet.retpack(CMD[cmd](sub, fd, ...))
		end
	end)
	gate = skynet.newservice("gate")
end)
