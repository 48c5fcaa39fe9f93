-- gate: a gateserver that tells a watchdog about connections and forwards each
-- client's packets to the agent the watchdog names, without copying them.
--
-- Lua commands (besides gateserver's open and close):
--   forward(fd [, client, agent])  send fd's packets to agent (default: the
--                                  caller) as PTYPE_CLIENT from `client`, and start reading
--   accept(fd)                     start reading; packets go to the watchdog
--   (forward or accept of a connection that was announced and has gone before
--   either sends the watchdog "socket", "close", fd once more, see gone() below;
--   of an fd the gate does not know, fails skynet's "assertion failed!")
--   kick(fd [, now])               close the connection (now: drop what is unsent)
-- The watchdog gets lua sends: "socket", "open"|"close"|"error"|"warning"|"data", fd, ...
local skynet = require "skynet"
local gateserver = require "snax.gateserver"
local driver = require "skynet.socketdriver"

local watchdog
local clients = {} -- fd -> { fd, addr, agent, client }

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
}

local handler = {}

function handler.open(source, conf)
	watchdog = conf.watchdog or source
	return conf.address, conf.port
end

-- A connection is announced to the watchdog after the messages already in the
-- gate's queue (a timeout of 0 is a message to ourselves at its end). In a
-- storm of connect+close the close is usually among them: then the watchdog
-- never hears of the connection and makes no agent for it. Announcing at once,
-- as skynet's gate does, 10,000 connect+close in 2 s made 10,000 agents that
-- lived together (1.3 GB) and kept a new client waiting 12 s.
local function announce(c)
	if clients[c.fd] == c then
		c.announced = true
		skynet.send(watchdog, "lua", "socket", "open", c.fd, c.addr)
	end
end

local departed = {} -- fd -> true: announced, gone before a forward or accept (see gone())

function handler.connect(fd, addr)
	departed[fd] = nil
	local c = { fd = fd, addr = addr }
	clients[fd] = c
	skynet.timeout(0, function() announce(c) end)
end

function handler.message(fd, msg, sz)
	local c = clients[fd]
	if c and c.agent then
		-- lesson gate.redirect: the packet's buffer changes hands, no copy;
		-- the message's session carries fd, so the agent knows the client.
		skynet.redirect(c.agent, c.client, "client", fd, msg, sz)
	else
		skynet.send(watchdog, "lua", "socket", "data", fd, skynet.tostring(msg, sz))
		skynet.trash(msg, sz) -- tostring copied it
	end
end

local unheard = {} -- fd -> true: closed by the gate before the watchdog heard of it

-- -> whether the watchdog was told of the connection (and so must hear it end).
-- One it never heard of is the gate's to close, silently.
local function forget(fd)
	local c = clients[fd]
	clients[fd] = nil
	if c == nil then
		local silent = unheard[fd]
		unheard[fd] = nil -- this was the CLOSE that our closeclient brings
		return not silent
	end
	if not c.announced then
		unheard[fd] = true
		gateserver.closeclient(fd)
		return false
	end
	if not c.taken then
		departed[fd] = true
	end
	return true
end

function handler.disconnect(fd)
	if forget(fd) then
		skynet.send(watchdog, "lua", "socket", "close", fd)
	end
end

function handler.error(fd, text)
	if forget(fd) then
		skynet.send(watchdog, "lua", "socket", "error", fd, text)
	end
end

function handler.warning(fd, kib)
	skynet.send(watchdog, "lua", "socket", "warning", fd, kib)
end

local CMD = {}

-- The race every watchdog meets: a client that connects and resets at once.
-- The gate tells the watchdog "open", then "error" (or "close"), and both
-- can arrive while the watchdog is still creating the agent, so the watchdog
-- has no agent to drop yet. The agent's forward then names a connection that
-- is gone. Failing here would leave that agent alive forever (nobody tells it
-- to exit), so the gate says "close" again: now the watchdog has the agent
-- registered, and drops it as for any other closed connection.
-- Only for such a connection: the entry is dropped by the forward (or
-- accept), so the set holds no more than the connections in that race.
local function gone(fd)
	departed[fd] = nil
	skynet.send(watchdog, "lua", "socket", "close", fd)
end

function CMD.forward(source, fd, client, agent)
	if departed[fd] then
		return gone(fd)
	end
	local c = assert(clients[fd])
	c.taken = true
	c.client = client or 0
	c.agent = agent or source
	-- handler.message's redirect, done in C per packet (gateserver.forward)
	gateserver.forward(fd, c.agent, c.client)
	gateserver.openclient(fd)
end

function CMD.accept(source, fd)
	if departed[fd] then
		return gone(fd)
	end
	local c = assert(clients[fd])
	c.taken = true
	c.agent, c.client = nil, nil
	gateserver.forward(fd)
	gateserver.openclient(fd)
end

-- kick(fd [, now]): close the connection. A plain kick still sends what is
-- queued, and waits for the client to read it; `now` drops it, for a client
-- that does not read (its unsent bytes would be held as long as it stays).
function CMD.kick(source, fd, now)
	gateserver.closeclient(fd)
	if now then
		driver.shutdown(fd)
	end
end

function handler.command(cmd, source, ...)
	local f = assert(CMD[cmd]) -- skynet's words for an unknown command: "assertion failed!"
	return f(source, ...)
end

gateserver.start(handler)
