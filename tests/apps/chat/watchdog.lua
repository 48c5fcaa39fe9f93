-- watchdog.lua: owns the gate; one agent per connection, killed when the connection closes.
local skynet = require "skynet"
require "skynet.manager" -- skynet.kill, skynet.abort

local gate
local agents = {}
local CMD, SOCKET = {}, {}

function SOCKET.open(fd, addr)
	skynet.error("watchdog: open", addr ~= nil)
	local agent = skynet.newservice("agent")
	agents[fd] = agent
	skynet.call(agent, "lua", "start", { gate = gate, client = fd, watchdog = skynet.self() })
end

function SOCKET.close(fd)
	skynet.error("watchdog: close")
	local agent = agents[fd]
	agents[fd] = nil
	if agent then
		-- the agent does not leave its room: the room keeps sending to a dead address
		skynet.kill(agent)
	end
end

function SOCKET.error(fd, msg)
	skynet.error("watchdog: socket error", msg)
	SOCKET.close(fd)
end

function SOCKET.warning(fd, size)
	skynet.error("watchdog: warning", size)
end

function SOCKET.data(fd, msg)
	skynet.error("watchdog: data before forward", #msg)
end

function CMD.start(conf)
	return skynet.call(gate, "lua", "open", conf)
end

-- nothing is logged just before the abort: skynet's logger is retired with the
-- rest and usually loses what is still queued for it (skyglass prints it)
function CMD.shutdown(who)
	skynet.abort()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, subcmd, ...)
		if cmd == "socket" then
			SOCKET[subcmd](...)
		else
			local f = assert(CMD[cmd])
			skynet.ret(skynet.pack(f(subcmd, ...)))
		end
	end)
	gate = skynet.newservice("gate")
end)
