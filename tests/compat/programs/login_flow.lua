-- login_flow: a game's login flow as in skynet's examples/login: snax.loginserver (DH key exchange,
-- DES token) then snax.msgserver (handshake with an index, sessions, resent answers), with a TCP client in Lua.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"

local log = skynet.error

local function free_port()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	return port
end

local function encode_token(user, server, pass)
	return string.format("%s@%s:%s", crypt.base64encode(user), crypt.base64encode(server), crypt.base64encode(pass))
end

-- the login server's line protocol; returns the result line and the secret
local function login(port, user, server, pass, wrong_hmac)
	local fd = assert(socket.open("127.0.0.1", port))
	local challenge = crypt.base64decode(socket.readline(fd))
	local clientkey = crypt.randomkey()
	socket.write(fd, crypt.base64encode(crypt.dhexchange(clientkey)) .. "\n")
	local secret = crypt.dhsecret(crypt.base64decode(socket.readline(fd)), clientkey)
	local hmac = crypt.hmac64(challenge, secret)
	if wrong_hmac then
		-- only the hmac: a token line written too may reach the slave before or
		-- after it gives up (one read or two), and skynet logs a dropped package
		-- only in the second case
		socket.write(fd, crypt.base64encode(string.rep("x", 8)) .. "\n")
	else
		socket.write(fd, crypt.base64encode(hmac) .. "\n")
		socket.write(fd, crypt.base64encode(crypt.desencode(secret, encode_token(user, server, pass))) .. "\n")
	end
	local result = socket.readline(fd)
	-- the login server leaves the connection to the client to close
	skynet.sleep(5)
	skynet.error("client: connection still open", not socket.disconnected(fd))
	socket.close(fd)
	return result, secret
end

local function read_package(fd)
	local head = socket.read(fd, 2)
	if not head then return nil end
	return socket.read(fd, string.unpack(">I2", head))
end

local function send_request(fd, text, session)
	socket.write(fd, string.pack(">I2", #text + 4) .. text .. string.pack(">I4", session))
end

local function read_response(fd)
	local pack = read_package(fd)
	if not pack then return nil end
	local content, ok, session = string.unpack("c" .. (#pack - 5) .. "B>I4", pack)
	return ok ~= 0, content, session
end

local function handshake(port, user, server, subid, index, secret)
	local fd = assert(socket.open("127.0.0.1", port))
	local hs = string.format("%s@%s#%s:%d", crypt.base64encode(user), crypt.base64encode(server),
		crypt.base64encode(subid), index)
	local hmac = crypt.hmac64(crypt.hashkey(hs), secret)
	socket.write(fd, string.pack(">s2", hs .. ":" .. crypt.base64encode(hmac)))
	return fd, read_package(fd)
end

skynet.start(function()
	local login_port, game_port = free_port(), free_port()
	local logind = skynet.newservice("login_flow_logind", login_port)
	local gate = skynet.newservice("login_flow_gated", logind)
	skynet.call(gate, "lua", "open", { address = "127.0.0.1", port = game_port, maxclient = 16, servername = "sample" })
	skynet.sleep(5)

	log("client: bad password", (login(login_port, "hello", "sample", "nope")))
	skynet.sleep(5)
	log("client: unknown server", (login(login_port, "hello", "elsewhere", "password")))
	skynet.sleep(5)
	log("client: wrong hmac", (login(login_port, "hello", "sample", "password", true)))
	skynet.sleep(5)
	local result, secret = login(login_port, "hello", "sample", "password")
	log("client: login", result)
	local subid = crypt.base64decode(result:sub(5))

	local fd, answer = handshake(game_port, "hello", "sample", subid, 1, secret)
	log("client: handshake 1", answer)
	send_request(fd, "echo", 0)
	log("client: answer", read_response(fd))
	send_request(fd, "boom", 1)
	log("client: answer", read_response(fd))
	socket.close(fd)
	skynet.sleep(10)

	fd, answer = handshake(game_port, "hello", "sample", subid, 1, secret)
	log("client: handshake 1 again", answer, read_package(fd))
	socket.close(fd)
	skynet.sleep(5)
	fd, answer = handshake(game_port, "hello", "sample", subid, 2, "wrongkey")
	log("client: handshake bad hmac", answer, read_package(fd))
	socket.close(fd)
	skynet.sleep(5)
	fd, answer = handshake(game_port, "nobody", "sample", "9", 1, secret)
	log("client: handshake unknown user", answer, read_package(fd))
	socket.close(fd)
	skynet.sleep(5)

	fd, answer = handshake(game_port, "hello", "sample", subid, 3, secret)
	log("client: handshake 3", answer)
	send_request(fd, "fake", 1) -- session 1 was answered: the old answer comes back
	log("client: answer", read_response(fd))
	send_request(fd, "again", 2)
	log("client: answer", read_response(fd))
	skynet.sleep(5)

	-- logging in again kicks the first login: its agent logs out
	local result2, secret2 = login(login_port, "hello", "sample", "password")
	log("client: second login", result2)
	skynet.sleep(10)
	log("client: first connection after kick", read_package(fd))
	socket.close(fd)
	local subid2 = crypt.base64decode(result2:sub(5))
	fd, answer = handshake(game_port, "hello", "sample", subid2, 1, secret2)
	log("client: handshake after kick", answer)
	send_request(fd, "last", 7)
	log("client: answer", read_response(fd))
	socket.close(fd)
	skynet.sleep(10)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
