-- watchdog: runs a gate and gives each connection an agent of its own (an example
-- of skynet's gate/watchdog/agent pattern; here the agents echo packets back).
-- Lesson 03 shows it; the gate tests and the echo benchmark use it too.
--
-- lua commands: start(conf) -> address, port (conf as gateserver's open);
-- close(fd). The gate reports connections with lua sends "socket", ...
local skynet = require "skynet"

local gate
local agents = {} -- fd -> agent

local function drop(fd, now)
	local agent = agents[fd]
	agents[fd] = nil
	if agent then
		skynet.call(gate, "lua", "kick", fd, now)
		skynet.send(agent, "lua", "disconnect")
	end
end

local SOCKET = {}

function SOCKET.open(fd, addr)
	local agent = skynet.newservice("agent")
	agents[fd] = agent
	-- The client may leave while its agent starts: close() then tells the agent
	-- to exit, and the start is never answered. That is no error (it logged a
	-- traceback about once in 4,000 connect+close); anything else is.
	local ok = pcall(skynet.call, agent, "lua", "start", { gate = gate, client = fd, watchdog = skynet.self() })
	if not ok and agents[fd] == agent then
		skynet.error(string.format("watchdog: the agent of fd %d did not start", fd))
		drop(fd)
	end
end

function SOCKET.close(fd)
	drop(fd)
end

function SOCKET.error(fd, text)
	drop(fd)
end

-- A client that sends without reading its echoes would make the unsent bytes
-- grow in the socket thread for as long as it sends (256 MiB sent: 262 MB
-- more RSS). WARNING comes at 1 MiB unsent and at each doubling; past 16 MiB
-- the client is closed and its unsent bytes dropped (skynet's example only
-- logs). Lower it for small messages, raise it for large downloads.
local UNSENT_LIMIT_KIB = 16 * 1024

function SOCKET.warning(fd, kib)
	if kib >= UNSENT_LIMIT_KIB then
		skynet.error(string.format("watchdog: fd %d has %d KiB unsent, more than %d: closed", fd, kib, UNSENT_LIMIT_KIB))
		drop(fd, true)
	else
		skynet.error(string.format("watchdog: fd %d has %d KiB unsent", fd, kib))
	end
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
