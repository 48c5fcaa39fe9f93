-- websocket_handshake: http.websocket's handshakes and closes at their edges. Raw clients send handshakes
-- a server refuses (POST, HTTP/1.0, no Upgrade, no Host, no Connection, no key, a short key, version 12,
-- a subprotocol without chat) and one asking for chat; a raw client sends a fragmented message, a ping
-- with a payload and close frames with a code alone, a code and a reason, and nothing (X-Real-IP passed);
-- a websocket client closed by the server, and its calls afterwards; websocket.connect meets servers that
-- answer 404, 101 without the accept key, with a wrong one, without Upgrade: websocket or Connection.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local websocket = require "http.websocket"
local crypt = require "skynet.crypt"

local mode, arg = ...
local log = skynet.error

if mode == "agent" then
	local handle = {}
	function handle.connect(id) log("server: connect") end
	function handle.handshake(id, header, url)
		log("server: handshake", url, header["sec-websocket-protocol"], websocket.real_ip(id),
			type(websocket.addrinfo(id)))
	end
	function handle.message(id, msg, op)
		log("server: message", op, msg)
		if msg == "close me" then websocket.close(id, 4000, "asked to") end
	end
	function handle.ping(id) log("server: ping") end
	function handle.pong(id) log("server: pong") end
	function handle.close(id, code, reason) log("server: close", code, reason) end
	function handle.error(id) log("server: error") end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, id, addr)
			log("server: accept returned", websocket.accept(id, handle, "ws", addr))
			skynet.ret()
		end)
	end)
	return
end

-- What the fake servers answer (a service's arguments are split at spaces: it gets an index).
local fake_replies = {
	"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n",
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: close\r\n\r\n",
}

if mode == "fake" then
	-- A server that answers every request with the reply it was made with.
	local reply = fake_replies[tonumber(arg)]
	skynet.start(function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.start(lid, function(id)
			socket.start(id)
			socket.readline(id, "\r\n\r\n")
			socket.write(id, reply)
			socket.close(id)
		end)
		skynet.dispatch("lua", function() skynet.ret(skynet.pack(port)) end)
	end)
	return
end

local KEY = crypt.base64encode("0123456789abcdef")

-- A handshake from a raw client, with `lines` between the request line and the blank line.
local function raw_handshake(port, request_line, lines)
	local id = socket.open("127.0.0.1", port)
	socket.write(id, request_line .. "\r\n" .. table.concat(lines, "\r\n") .. "\r\n\r\n")
	return id
end

-- A client frame (masked with a zero key, so the payload goes as it is).
local function frame(fin, op, payload)
	return string.char((fin and 0x80 or 0) | op, 0x80 | #payload) .. "\0\0\0\0" .. payload
end

local function good_lines(extra)
	local t = { "Host: here", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " .. KEY,
		"Sec-WebSocket-Version: 13" }
	for _, l in ipairs(extra or {}) do t[#t + 1] = l end
	return t
end

skynet.start(function()
	local agent = skynet.newservice(SERVICE_NAME, "agent")
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id, addr)
		skynet.fork(skynet.call, agent, "lua", id, addr)
	end)

	local refused = {
		{ "POST", "POST /ws HTTP/1.1", good_lines() },
		{ "HTTP/1.0", "GET /ws HTTP/1.0", good_lines() },
		{ "no Upgrade", "GET /ws HTTP/1.1", { "Host: here", "Connection: Upgrade", "Sec-WebSocket-Key: " .. KEY,
			"Sec-WebSocket-Version: 13" } },
		{ "no Host", "GET /ws HTTP/1.1", { "Upgrade: websocket", "Connection: Upgrade",
			"Sec-WebSocket-Key: " .. KEY, "Sec-WebSocket-Version: 13" } },
		{ "no Connection", "GET /ws HTTP/1.1", { "Host: here", "Upgrade: websocket",
			"Sec-WebSocket-Key: " .. KEY, "Sec-WebSocket-Version: 13" } },
		{ "no key", "GET /ws HTTP/1.1", { "Host: here", "Upgrade: websocket", "Connection: Upgrade",
			"Sec-WebSocket-Version: 13" } },
		{ "short key", "GET /ws HTTP/1.1", { "Host: here", "Upgrade: websocket", "Connection: Upgrade",
			"Sec-WebSocket-Key: " .. crypt.base64encode("short"), "Sec-WebSocket-Version: 13" } },
		{ "version 12", "GET /ws HTTP/1.1", { "Host: here", "Upgrade: WebSocket", "Connection: keep-alive, Upgrade",
			"Sec-WebSocket-Key: " .. KEY, "Sec-WebSocket-Version: 12" } },
		{ "no chat", "GET /ws HTTP/1.1", good_lines { "Sec-WebSocket-Protocol: superchat, other" } },
	}
	for _, case in ipairs(refused) do
		local id = raw_handshake(port, case[2], case[3])
		local answer = socket.readall(id)
		log(case[1], (answer:gsub("\r\n", "|")))
		socket.close(id)
	end

	-- Accepted with chat; then a fragmented text message, a ping with a payload, a close with a code only.
	local id = raw_handshake(port, "GET /chat HTTP/1.1", good_lines { "Sec-WebSocket-Protocol: json, chat",
		"X-Real-IP: 10.0.0.9" })
	local head = socket.readline(id, "\r\n\r\n")
	log("chat accepted", (head:gsub("\r\n", "|")))
	socket.write(id, frame(false, 1, "hel") .. frame(false, 0, "lo ") .. frame(true, 0, "there"))
	socket.write(id, frame(true, 9, "p!"))
	local pong = socket.read(id, 4)
	log("pong frame", string.format("%02x %02x", pong:byte(1), pong:byte(2)), pong:sub(3))
	socket.write(id, frame(true, 8, string.pack(">I2", 1001)))
	local closing = socket.read(id, 2)
	log("close frame back", string.format("%02x %02x", closing:byte(1), closing:byte(2)))
	log("then", socket.read(id))
	socket.close(id)

	-- Raw clients closing with a code and a reason, and with an empty close frame; each waits for the
	-- server's close frame before it closes (a websocket.close from the client races the server's answer
	-- into a socket already shut: skynet logs a Broken pipe there, or not).
	for _, payload in ipairs { string.pack(">I2", 4001) .. "bye now", "" } do
		local c = raw_handshake(port, "GET /c HTTP/1.1", good_lines { "X-Real-IP: 192.0.2.1" })
		socket.readline(c, "\r\n\r\n")
		socket.write(c, frame(true, 1, "one") .. frame(true, 8, payload))
		local back = socket.read(c, 2)
		log("close frame back", string.format("%02x %02x", back:byte(1), back:byte(2)), socket.read(c))
		socket.close(c)
	end

	-- A websocket client closed by the server: what it reads, and its calls afterwards.
	local ws = websocket.connect(string.format("ws://127.0.0.1:%d/c", port))
	websocket.write(ws, "close me")
	log("client read", websocket.read(ws))
	log("closed?", websocket.is_close(ws))
	log("write after close", pcall(websocket.write, ws, "x"))
	log("read after close", pcall(websocket.read, ws))
	log("close again", pcall(websocket.close, ws))

	-- Servers that are not websocket servers.
	for i = 1, #fake_replies do
		local fake = skynet.newservice(SERVICE_NAME, "fake", i)
		local fport = skynet.call(fake, "lua")
		log("connect to a fake", pcall(websocket.connect, string.format("ws://127.0.0.1:%d/x", fport)))
	end
	log("connect bad scheme", pcall(websocket.connect, "http://127.0.0.1:1/x"))
	skynet.sleep(10)
	skynet.abort()
end)
