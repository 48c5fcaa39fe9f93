-- msgserver_edges: snax.msgserver's handshake and request edges as clients meet them: a handshake line without
-- colons (404), an index that is not a number (400 and its error), a wrong hmac (401), an index used again (403),
-- a request shorter than its session, a handler raising (an answer with ok 0), one returning nil, a slow one sent twice (one
-- answer), a session reused once answered, sessions asked again after a reconnect (expired_number 2: answered anew), and
-- msgserver.userid/username.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local msgserver = require "snax.msgserver"
local log = skynet.error

local function send_package(fd, text)
	socket.write(fd, string.pack(">s2", text))
end

local function read_package(fd)
	local head = socket.read(fd, 2)
	if not head then return nil end
	return socket.read(fd, string.unpack(">I2", head))
end

local function request(fd, text, session)
	send_package(fd, text .. string.pack(">I4", session))
end

local function answer(fd)
	local p = read_package(fd)
	if not p then return "closed" end
	local content, ok, session = string.unpack("c" .. (#p - 5) .. "B>I4", p)
	return content, ok, session
end

local function connect(port, line)
	local fd = socket.open("127.0.0.1", port)
	send_package(fd, line)
	return fd, read_package(fd)
end

local function handshake_line(username, index, secret)
	local text = username .. ":" .. index
	return text .. ":" .. crypt.base64encode(crypt.hmac_hash(secret, text))
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local gated = skynet.newservice("msgserver_edges_gated")
	skynet.call(gated, "lua", "open", { address = "127.0.0.1", port = port, servername = "game" })
	local secret = "12345678"
	local username = skynet.call(gated, "lua", "login", "alice", secret)
	log("username", username, msgserver.userid(username))
	log("username()", msgserver.username("alice", 1, "game") == username)

	local fd, r = connect(port, "no colons here")
	log("no colons", r, read_package(fd))
	socket.close(fd)
	fd, r = connect(port, username .. ":abc:xx")
	log("index not a number", r)
	socket.close(fd)
	fd, r = connect(port, username .. ":1:" .. crypt.base64encode("wronghma"))
	log("wrong hmac", r)
	socket.close(fd)

	fd, r = connect(port, handshake_line(username, 1, secret))
	log("index 1", r)
	request(fd, "hello", 1)
	log("answer", answer(fd))
	request(fd, "boom", 2)
	log("answer", answer(fd))
	request(fd, "nil", 3)
	log("answer", answer(fd))
	request(fd, "hello again", 1)
	log("session reused", answer(fd))
	send_package(fd, "ab")
	log("short request", answer(fd))
	socket.close(fd)

	fd, r = connect(port, handshake_line(username, 1, secret))
	log("index 1 again", r)
	socket.close(fd)

	fd, r = connect(port, handshake_line(username, 2, secret))
	log("index 2", r)
	request(fd, "one", 10)
	log("answer", answer(fd))
	request(fd, "two", 11)
	log("answer", answer(fd))
	request(fd, "three", 12)
	log("answer", answer(fd))
	request(fd, "four", 13)
	log("answer", answer(fd))
	request(fd, "five", 14)
	log("answer", answer(fd))
	socket.close(fd)
	skynet.sleep(5)

	fd, r = connect(port, handshake_line(username, 3, secret))
	log("index 3", r)
	for s = 10, 14 do
		request(fd, "resend?", s)
		log("resend", s, answer(fd))
	end
	request(fd, "slow", 20)
	skynet.sleep(2)
	request(fd, "slow", 20) -- while the first is pending: merged with it, one answer
	log("slow", answer(fd))
	request(fd, "after", 21)
	log("after", answer(fd))
	socket.close(fd)
	skynet.sleep(20)
	skynet.abort()
end)
