-- watchdog.lua: an agent per client; logs the gate's warnings about clients that do not read.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"
require "skynet.manager" -- skynet.abort, skynet.kill

local gate
local agents = {}
local SOCKET, CMD = {}, {}
local opened = 0

function SOCKET.open(fd, addr)
	opened = opened + 1
	local agent = skynet.newservice("agent", opened)
	agents[fd] = agent
	skynet.call(agent, "lua", "start", gate, fd, skynet.self())
end

function SOCKET.close(fd)
	local agent = agents[fd]
	agents[fd] = nil
	if agent then
		skynet.error("watchdog: a client closed")
		skynet.send(agent, "lua", "gone")
	end
end

function SOCKET.error(fd, msg)
	skynet.error("watchdog: socket error", msg)
	SOCKET.close(fd)
end

-- how much is waiting to be written, in K: the first warning of a client is
-- logged (how many follow depends on how much the kernel took meanwhile)
local warned = {}
function SOCKET.warning(fd, size)
	if not warned[fd] then
		warned[fd] = true
		skynet.error("watchdog: warning, over 1 MiB waiting", size >= 1024)
		-- the other clients hear of it: the flooded one reads only then, so the
		-- warning comes however fast it would have read (and however slow the agent)
		for other in pairs(agents) do
			if other ~= fd then
				socket.write(other, netpack.pack("warned"))
			end
		end
	end
end

function SOCKET.data()
end

function CMD.start(conf)
	return skynet.call(gate, "lua", "open", conf)
end

function CMD.kick(fd)
	skynet.call(gate, "lua", "kick", fd)
end

function CMD.shutdown()
	skynet.abort()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, subcmd, ...)
		if cmd == "socket" then
			SOCKET[subcmd](...)
		else
			local r = CMD[cmd](subcmd, ...)
			if session ~= 0 then
				skynet.ret(skynet.pack(r))
			end
		end
	end)
	gate = skynet.newservice("gate")
end)
