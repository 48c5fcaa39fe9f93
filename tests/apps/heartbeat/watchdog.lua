-- watchdog.lua: accepts clients through the gate, gives each an agent, and every 10 ticks sweeps out the
-- clients silent for longer than their limit (the gate's "kick"); an agent reports each packet it gets.
local skynet = require "skynet"
local netpack = require "skynet.netpack"
require "skynet.manager" -- skynet.abort

local IDLE = 60 -- ticks a client may stay silent
local gate
local clients = {} -- fd -> { agent, last (skynet.now() of its last packet), n }
local opened = 0
local SOCKET, CMD = {}, {}

function SOCKET.open(fd, addr)
	opened = opened + 1
	local n = opened -- newservice yields: another client may open meanwhile
	local agent = skynet.newservice("agent", n)
	clients[fd] = { agent = agent, last = skynet.now(), n = n }
	skynet.call(agent, "lua", "start", gate, fd, skynet.self())
end

function SOCKET.close(fd)
	local c = clients[fd]
	clients[fd] = nil
	if c then
		skynet.error("watchdog: client " .. c.n .. " closed")
		skynet.send(c.agent, "lua", "gone")
	end
end

function SOCKET.error(fd, msg)
	SOCKET.close(fd)
end

function SOCKET.data() end

function CMD.start(conf)
	skynet.call(gate, "lua", "open", conf)
end

-- an agent heard its client: the client is alive now
function CMD.alive(fd)
	local c = clients[fd]
	if c then
		c.last = skynet.now()
	end
end

function CMD.shutdown()
	skynet.abort()
end

local function sweep()
	local now = skynet.now()
	local idle = {}
	for fd, c in pairs(clients) do
		if now - c.last > IDLE then
			idle[#idle + 1] = fd
		end
	end
	table.sort(idle)
	for _, fd in ipairs(idle) do
		local c = clients[fd]
		skynet.error("watchdog: kicking idle client " .. c.n)
		skynet.call(c.agent, "lua", "farewell")
		skynet.call(gate, "lua", "kick", fd)
	end
	skynet.timeout(10, sweep)
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
	skynet.timeout(10, sweep)
end)
