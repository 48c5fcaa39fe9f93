-- snax.msgserver: skynet's game-server gate for users who logged in through
-- snax.loginserver. It is a snax.gateserver whose first packet on a connection is
-- a handshake proving the client holds the login secret, and whose later packets
-- are requests tagged with a session, answered in order and cached so that a
-- client that reconnects can ask again for a response it missed.
--
-- Packets are netpack frames (2-byte big-endian size, then the bytes).
--   handshake  client -> server  base64(uid)@base64(server)#base64(subid):index:base64(hmac)
--              hmac = crypt.hmac_hash(secret, "username:index"); index grows by one per connection
--              server -> client  "200 OK", or "404 User Not Found", "403 Index Expired",
--                                "401 Unauthorized", "400 Bad Request" (then it closes)
--   request    client -> server  content .. 4-byte session
--   response   server -> client  content .. 1 byte (1 ok, 0 error) .. 4-byte session
--
-- API, as skynet's: userid, username, login, logout, ip, start(conf) with
-- login_handler, logout_handler, kick_handler, request_handler, register_handler,
-- disconnect_handler and expired_number. The service answers the lua commands
-- login, logout and kick (from the login server or an agent).
local skynet = require "skynet"
local gateserver = require "snax.gateserver"
local netpack = require "skynet.netpack"
local crypt = require "skynet.crypt"
local socketdriver = require "skynet.socketdriver"
local prototrace = require "skyglass.prototrace"

local b64encode = crypt.base64encode
local b64decode = crypt.base64decode

local server = {}

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
}

local user_online = {} -- username -> user (secret, version, index, fd, ip, response cache)
local handshake = {}   -- fd -> addr, while the connection's first packet is awaited
local connection = {}  -- fd -> user, once the handshake passed

-- "base64(uid)@base64(server)#base64(subid)" -> uid, subid, server
function server.userid(username)
	local uid, servername, subid = username:match("([^@]*)@([^#]*)#(.*)")
	return b64decode(uid), b64decode(subid), b64decode(servername)
end

function server.username(uid, subid, servername)
	return string.format("%s@%s#%s", b64encode(uid), b64encode(servername), b64encode(tostring(subid)))
end

function server.logout(username)
	local u = user_online[username]
	user_online[username] = nil
	if u and u.fd and connection[u.fd] then
		gateserver.closeclient(u.fd)
		connection[u.fd] = nil
	end
end

-- A user may now connect with this secret (called by the login_handler).
function server.login(username, secret)
	assert(user_online[username] == nil)
	user_online[username] = {
		secret = secret,
		version = 0,   -- the handshake index of the current connection
		index = 0,     -- responses sent, for expiring the cache
		username = username,
		response = {}, -- session -> { fd still owed the response, packet, version, index }
	}
end

function server.ip(username)
	local u = user_online[username]
	if u and u.fd then
		return u.ip
	end
end

function server.start(conf)
	local expired_number = conf.expired_number or 128
	local request_handler = assert(conf.request_handler)

	local CMD = {
		login = assert(conf.login_handler),
		logout = assert(conf.logout_handler),
		kick = assert(conf.kick_handler),
	}

	local handler = {}

	function handler.command(cmd, source, ...)
		local f = assert(CMD[cmd], cmd)
		return f(...)
	end

	-- skyglass passes gateconf too: with port 0 it holds the port the OS chose.
	-- skyglass: requests of one connection still waiting for their answer, and
	-- the most it may have (the gate's open conf `maxpending`, default 1024, 0:
	-- no limit). Each waits in a coroutine of this service: skynet's msgserver
	-- has no limit, and a client that sent 200,000 requests of 7 bytes (1.4 MB)
	-- faster than its agent answered grew this service by over 512 MB.
	local pending = {} -- fd -> { n = requests waiting for their answer }
	local maxpending = 1024

	-- skyglass: a client has handshake_timeout seconds (the gate's open conf,
	-- default 30, 0: none) to send its handshake. skynet's waits for good:
	-- maxclient silent connections shut every user out of the gate for as long
	-- as they stay (attack round 6). A timer takes a session of this service,
	-- which shows in its log lines, so a quiet gate sets none, as skynet's: a
	-- sweeper runs once SWEEP_FROM connections wait for their handshake at once,
	-- and closes those that waited longer than the timeout.
	local handshake_timeout = 30
	local SWEEP_FROM = 16
	local shaking = {} -- fd -> skynet.now() when it connected, until its handshake
	local shaking_count = 0
	local sweeping = false

	local function shaken(fd)
		if shaking[fd] then
			shaking[fd] = nil
			shaking_count = shaking_count - 1
		end
	end

	local function sweep_tick()
		return math.max(1, math.min(100, math.floor(handshake_timeout * 100)))
	end

	local function sweep()
		local now = skynet.now()
		for fd, since in pairs(shaking) do
			if now - since >= handshake_timeout * 100 then
				shaken(fd)
				handshake[fd] = nil
				skynet.error(string.format("msgserver: fd %d: no handshake within %s s: closed", fd, handshake_timeout))
				gateserver.closeclient(fd)
			end
		end
		sweeping = shaking_count > 0
		if sweeping then
			skynet.timeout(sweep_tick(), sweep)
		end
	end

	-- skyglass: a client that sends requests and never reads the answers made
	-- the socket thread hold them all, silently (2,000 echoes of 60 KB: a 165 MB
	-- peak; skynet's alike). Past maxunsent bytes unsent (the gate's open conf,
	-- default 16 MiB, 0: no limit) it is closed and what it did not read dropped.
	local maxunsent = 16 << 20

	function handler.warning(fd, kib)
		if maxunsent > 0 and kib * 1024 > maxunsent then
			skynet.error(string.format("msgserver: fd %d has %d KiB unsent, more than %d bytes (the gate's maxunsent): closed",
				fd, kib, maxunsent))
			gateserver.closeclient(fd)
			socketdriver.shutdown(fd) -- drops the unsent bytes
		end
	end

	function handler.open(source, gateconf)
		maxpending = math.tointeger(gateconf.maxpending or 1024)
		assert(maxpending and maxpending >= 0, "msgserver: maxpending wants a count (0: no limit)")
		maxunsent = math.tointeger(gateconf.maxunsent or 16 << 20)
		assert(maxunsent and maxunsent >= 0, "msgserver: maxunsent wants a byte count (0: no limit)")
		handshake_timeout = tonumber(gateconf.handshake_timeout or 30)
		assert(handshake_timeout and handshake_timeout >= 0 and handshake_timeout < 1e7,
			"msgserver: handshake_timeout wants seconds (0: none)")
		return conf.register_handler(assert(gateconf.servername), gateconf)
	end

	function handler.connect(fd, addr)
		handshake[fd] = addr
		gateserver.openclient(fd)
		if handshake_timeout > 0 then
			shaking[fd] = skynet.now()
			shaking_count = shaking_count + 1
			if shaking_count >= SWEEP_FROM and not sweeping then
				sweeping = true
				skynet.timeout(sweep_tick(), sweep)
			end
		end
	end

	function handler.disconnect(fd)
		pending[fd] = nil
		shaken(fd)
		local was_shaking = handshake[fd]
		handshake[fd] = nil
		local u = connection[fd]
		if was_shaking then
			-- skyglass: gone before its handshake. gateserver keeps a closed
			-- client's fd for writes until the handler closes it, and nobody
			-- else would (skynet's msgserver leaves it in CLOSE-WAIT for good).
			gateserver.closeclient(fd)
		elseif u then
			if conf.disconnect_handler then
				conf.disconnect_handler(u.username)
			end
			-- The handler may have closed it already.
			if connection[fd] then
				u.fd = nil
				connection[fd] = nil
				gateserver.closeclient(fd)
			end
		end
	end

	handler.error = handler.disconnect

	-- Check the first packet; nil when it passes, or the error line to send. No yield here.
	local function do_auth(fd, message, addr)
		local username, index, hmac = message:match("([^:]*):([^:]*):([^:]*)")
		local u = user_online[username]
		if u == nil then
			return "404 User Not Found"
		end
		local idx = assert(tonumber(index)) -- skynet's words: "assertion failed!"
		if idx <= u.version then
			return "403 Index Expired" -- a replayed handshake
		end
		-- lesson 41.3: the gate checks the handshake with the secret the login server gave it
		if crypt.hmac_hash(u.secret, username .. ":" .. index) ~= b64decode(hmac) then
			return "401 Unauthorized"
		end
		u.version = idx
		u.fd = fd
		u.ip = addr
		connection[fd] = u
	end

	local function auth(fd, addr, msg, sz)
		local message = netpack.tostring(msg, sz)
		local ok, result = pcall(do_auth, fd, message, addr)
		if not ok then
			skynet.error(result)
			result = "400 Bad Request"
		end
		prototrace.login(fd, "handshake " .. (result or "200 OK"))
		socketdriver.send(fd, netpack.pack(result or "200 OK"))
		if result then
			gateserver.closeclient(fd)
		end
	end

	-- Forget cached responses older than expired_number once the count passes twice that.
	local function retire_response(u)
		if u.index < expired_number * 2 then
			return
		end
		local max = 0
		for session, p in pairs(u.response) do
			if p[1] == nil then -- delivered
				if p[4] < expired_number then
					u.response[session] = nil
				else
					p[4] = p[4] - expired_number
					max = math.max(max, p[4])
				end
			end
		end
		u.index = max + 1
	end

	local function do_request(fd, message)
		local u = assert(connection[fd], "invalid fd")
		local session = string.unpack(">I4", message, -4)
		message = message:sub(1, -5)
		local p = u.response[session]
		-- A session answered on an earlier connection may be reused on this one.
		if p and p[3] == u.version then
			u.response[session] = nil
			if p[2] == nil then
				local err = string.format("Conflict session %s", crypt.hexencode(string.pack(">I4", session)))
				skynet.error(err)
				error(err)
			end
			p = nil
		end
		if p == nil then
			-- a table per connection: a later one on the same fd has its own count
			local waiting = pending[fd] or { n = 0 }
			pending[fd] = waiting
			if maxpending > 0 and waiting.n >= maxpending then
				error(string.format("more than %d requests waiting for their answers (the gate's maxpending)", maxpending), 0)
			end
			waiting.n = waiting.n + 1
			p = { fd }
			u.response[session] = p
			-- lesson 41.4: the request goes to the user's agent; this may yield, and the socket may close meanwhile
			local ok, result = pcall(request_handler, u.username, message)
			waiting.n = waiting.n - 1
			if ok then
				result = (result or "") .. string.pack(">BI4", 1, session)
			else
				skynet.error(result)
				result = string.pack(">BI4", 0, session)
			end
			p[2] = string.pack(">s2", result)
			p[3] = u.version
			p[4] = u.index
		else
			-- Asked again after a reconnect: send the cached response to the new fd.
			p[1] = fd
			p[3] = u.version
			p[4] = u.index
			if p[2] == nil then
				return -- still being computed; it goes to the new fd when ready
			end
		end
		u.index = u.index + 1
		fd = p[1]
		if connection[fd] then
			socketdriver.send(fd, p[2])
		end
		p[1] = nil
		retire_response(u)
	end

	local function request(fd, msg, sz)
		local message = netpack.tostring(msg, sz)
		local ok, err = pcall(do_request, fd, message)
		if not ok then
			-- skynet's line, with the packet cut to 64 bytes and escaped (it held up to 64 KiB of the peer's bytes)
			local shown = message:sub(1, 64):gsub("[^\32-\126]", function(c) return string.format("\\x%02x", c:byte()) end)
			if #message > 64 then
				shown = shown .. string.format("... (%d bytes)", #message)
			end
			skynet.error(string.format("Invalid package %s : %s", err, shown))
			if connection[fd] then
				gateserver.closeclient(fd)
			end
		end
	end

	function handler.message(fd, msg, sz)
		local addr = handshake[fd]
		if addr then
			handshake[fd] = nil
			shaken(fd)
			auth(fd, addr, msg, sz)
		else
			request(fd, msg, sz)
		end
	end

	return gateserver.start(handler)
end

return server
