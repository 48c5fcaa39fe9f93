-- snax.loginserver: skynet's login server, a line-based text protocol in which a
-- client proves it holds a password without sending it in clear, and leaves with a
-- secret shared with the game server it logs into.
--
--   1. server -> client  base64(challenge)            8 random bytes
--   2. client -> server  base64(clientkey)            dhexchange(client's random secret)
--   3. server -> client  base64(serverkey)            dhexchange(server's random secret)
--      both sides now compute secret = dhsecret(other's key, own secret)
--   4. client -> server  base64(hmac64(challenge, secret))    proves it has the secret
--   5. client -> server  base64(desencode(secret, token))     token = base64(user)@base64(server):base64(password)
--   6. server: auth_handler(token) -> server, uid;  login_handler(server, uid, secret) -> subid
--   7. server -> client  "200 base64(subid)"  or  "401 Unauthorized" (auth_handler raised),
--      "403 Forbidden" (login_handler raised), "406 Not Acceptable" (already logging in)
--
-- One master service listens and answers; `conf.instance` slaves (the same script,
-- started again) run steps 1-5 so that slow clients never block the master.
-- Usage, as skynet's: `login(conf)` with host, port, name, instance, multilogin,
-- auth_handler, login_handler and command_handler; and skyglass's
-- handshake_timeout (seconds; default the config's `login_handshake_timeout`, else
-- 30; 0: none): a connection still open that long after it came is closed, in the
-- handshake or after the answer. skynet's keeps a silent client's connection for
-- good, and an answered one until the client closes it: 3,000 silent clients held
-- 3,000 fds and 3,000 waiting coroutines, without end (attack round 4).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local prototrace = require "skyglass.prototrace"

-- Raised (as this very table) when the client's socket closes mid-protocol.
local socket_error = {}

local function assert_socket(service, v, fd)
	if v then
		return v
	end
	skynet.error(string.format("%s failed: socket (fd = %d) closed", service, fd))
	error(socket_error)
end

local function write(service, fd, text)
	assert_socket(service, socket.write(fd, text), fd)
end

-- A slave: owns the connection while the client proves itself, then gives it back.
local function launch_slave(auth_handler, timeout)
	local function auth(fd, addr)
		-- The login lines are short: a client sending more than 8 KB is not a client.
		socket.limit(fd, 8192)

		local challenge = crypt.randomkey()
		-- Each step is traced before its line is written: the client acts on the line.
		prototrace.login(fd, "challenge sent")
		write("auth", fd, crypt.base64encode(challenge) .. "\n")

		local handshake = assert_socket("auth", socket.readline(fd), fd)
		local clientkey = crypt.base64decode(handshake)
		if #clientkey ~= 8 then
			error "Invalid client key"
		end
		local serverkey = crypt.randomkey()
		-- lesson 41.1: Diffie-Hellman: both ends compute the same secret, which never crosses the wire
		local secret = crypt.dhsecret(clientkey, serverkey)
		prototrace.login(fd, "DH exchange done")
		write("auth", fd, crypt.base64encode(crypt.dhexchange(serverkey)) .. "\n")

		local response = assert_socket("auth", socket.readline(fd), fd)
		if crypt.hmac64(challenge, secret) ~= crypt.base64decode(response) then
			error "challenge failed"
		end
		prototrace.login(fd, "challenge answered")

		local etoken = assert_socket("auth", socket.readline(fd), fd)
		local token = crypt.desdecode(secret, crypt.base64decode(etoken))
		local ok, server, uid = pcall(auth_handler, token)
		prototrace.login(fd, ok and "token accepted" or "token refused")
		return ok, server, uid, secret
	end

	-- What the master gets back: ok, server, uid, secret; false, err (refused or
	-- broken protocol: 401); nil, "socket error" (the client left).
	local function ret_pack(ok, err, ...)
		if ok then
			return skynet.pack(err, ...)
		end
		if err == socket_error then
			return skynet.pack(nil, "socket error")
		end
		return skynet.pack(false, err)
	end

	local in_auth = {} -- fd -> true while auth reads it

	local function auth_fd(fd, addr)
		skynet.error(string.format("connect from %s (fd = %d)", addr, fd))
		socket.start(fd)
		if timeout > 0 then
			skynet.timeout(timeout * 100, function()
				if in_auth[fd] then
					skynet.error(string.format("login: fd %d: no handshake within %s s: closed", fd, timeout))
					socket.close(fd) -- auth's read fails: a socket error, no answer
				else
					-- Answered and still open: close it. Socket ids are never
					-- reused, so if the client closed first this closes nothing.
					socket.close_fd(fd)
				end
			end)
		end
		in_auth[fd] = true
		local msg, len = ret_pack(pcall(auth, fd, addr))
		in_auth[fd] = nil
		-- The socket stays open: the master writes the verdict to it.
		socket.abandon(fd)
		return msg, len
	end

	skynet.dispatch("lua", function(_, _, ...)
		local ok, msg, len = pcall(auth_fd, ...)
		if ok then
			skynet.ret(msg, len)
		else
			skynet.ret(skynet.pack(false, msg))
		end
	end)
end

-- uid -> true while a login for it is in progress (unless conf.multilogin).
local user_login = {}

local function accept(conf, slave, fd, addr)
	local ok, server, uid, secret = skynet.call(slave, "lua", fd, addr)
	if not ok then
		if ok ~= nil then
			write("response 401", fd, "401 Unauthorized\n")
		end
		error(server)
	end

	if not conf.multilogin then
		if user_login[uid] then
			write("response 406", fd, "406 Not Acceptable\n")
			error(string.format("User %s is already login", uid))
		end
		user_login[uid] = true
	end

	-- lesson 41.2: the login server hands uid and secret to the game server, which answers a subid
	local done, subid = pcall(conf.login_handler, server, uid, secret)
	user_login[uid] = nil

	if done then
		prototrace.login(fd, "200 for " .. tostring(uid))
		write("response 200", fd, "200 " .. crypt.base64encode(subid or "") .. "\n")
	else
		write("response 403", fd, "403 Forbidden\n")
		error(subid)
	end
end

local function launch_master(conf)
	local instance = conf.instance or 8
	assert(instance > 0)
	local host = conf.host or "0.0.0.0"
	local port = assert(tonumber(conf.port))
	local slaves = {}
	local balance = 1

	skynet.dispatch("lua", function(_, _, command, ...)
		skynet.ret(skynet.pack(conf.command_handler(command, ...)))
	end)

	for i = 1, instance do
		slaves[i] = skynet.newservice(SERVICE_NAME)
	end

	local id, bound_host, bound_port = socket.listen(host, port)
	-- The bound port, so that port 0 shows the one the OS chose.
	skynet.error(string.format("login server listen at : %s %d", bound_host or host, bound_port or port))
	conf.port = bound_port or port
	socket.start(id, function(fd, addr)
		local slave = slaves[balance]
		balance = balance % #slaves + 1
		local ok, err = pcall(accept, conf, slave, fd, addr)
		if not ok and err ~= socket_error then
			skynet.error(string.format("invalid client (fd = %d) error = %s", fd, tostring(err)))
		end
		-- The master never tracked the socket, so it does not close it (skynet's
		-- socket.close of an untracked id is a no-op): the connection stays open
		-- until the client closes it, and the slave that started it then frees it
		-- on CLOSE. Closing here would reset a client whose last line is unread.
	end)
end

-- The same script runs as master (the first, which registers `.login`) and as slaves.
local function login(conf)
	local name = "." .. (conf.name or "login")
	skynet.start(function()
		if skynet.localname(name) then
			local timeout = tonumber(conf.handshake_timeout or skynet.getenv "login_handshake_timeout" or 30)
			assert(timeout and timeout >= 0, "login: handshake_timeout wants seconds (0: none)")
			launch_slave(assert(conf.auth_handler), timeout)
		else
			assert(conf.login_handler)
			assert(conf.command_handler)
			skynet.register(name)
			launch_master(conf)
		end
	end)
end

return login
