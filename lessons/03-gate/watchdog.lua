-- watchdog: runs a gate and gives each connection an agent of its own (an example
-- of skynet's gate/watchdog/agent pattern; here the agents echo packets back).
-- Lesson 03 shows it; the gate tests and the echo benchmark use it too.
--
-- lua commands: start(conf) -> address, port (conf as gateserver's open);
-- close(fd). The gate reports connections with lua sends "socket", ...
local skynet = require "skynet"

local gate
local agents = {} -- fd -> agent

local function drop(fd)
	local agent = agents[fd]
	agents[fd] = nil
	if agent then
		skynet.call(gate, "lua", "kick", fd)
		skynet.send(agent, "lua", "disconnect")
	end
end

local SOCKET = {}

function SOCKET.open(fd, addr)
	local agent = skynet.newservice("agent")
	agents[fd] = agent
	skynet.call(agent, "lua", "start", { gate = gate, client = fd, watchdog = skynet.self() })
end

function SOCKET.close(fd)
	drop(fd)
end

function SOCKET.error(fd, text)
	drop(fd)
end

function SOCKET.warning(fd, kib)
	skynet.error(string.format("watchdog: fd %d has %d KiB unsent", fd, kib))
end

function SOCKET.data(fd, msg)
	-- only before `forward`; our agents take over at once
end

local CMD = {}

function CMD.start(conf)
	return skynet.call(gate, "lua", "open", conf)
end

function CMD.close(fd)
	drop(fd)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, sub, ...)
		if cmd == "socket" then
			SOCKET[sub](...) -- sent by the gate: no answer
		else
			local f = assert(CMD[cmd], "watchdog: unknown command " .. tostring(cmd))
			skynet.ret(skynet.pack(f(sub, ...)))
		end
	end)
	gate = skynet.newservice("gate")
end)
