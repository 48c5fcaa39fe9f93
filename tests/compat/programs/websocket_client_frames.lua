-- websocket_client_frames: http.websocket's client reading what a raw server of the program's own sends: a frame in
-- the same packet as the 101 answer, a binary message in fragments with a ping between them (answered with a pong),
-- a pong (skipped), 16- and 64-bit lengths, a close with a code and reason (read returns false and the payload); what
-- the client writes (text, binary with a given masking key, ping, close with a code and reason); calls after the close.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local websocket = require "http.websocket"
local crypt = require "skynet.crypt"
local log = skynet.error

local function frame(fin, op, payload)
	local v1 = (fin and 0x80 or 0) | op
	local n = #payload
	if n < 126 then
		return string.pack("BB", v1, n) .. payload
	elseif n <= 0xffff then
		return string.pack(">BBI2", v1, 126, n) .. payload
	end
	return string.pack(">BBI8", v1, 127, n) .. payload
end

-- what the client sent: frames, unmasked, until its close
local function read_client(c, frames)
	for _ = 1, frames do
		local h = socket.read(c, 2)
		if not h then log("server: client gone") return end
		local v1, v2 = string.unpack("BB", h)
		local n = v2 & 0x7f
		if n == 126 then n = string.unpack(">I2", socket.read(c, 2)) end
		local key = v2 & 0x80 ~= 0 and socket.read(c, 4)
		local payload = n > 0 and socket.read(c, n) or ""
		if key then payload = crypt.xor_str(payload, key) end
		-- (the mask only when the caller gave one: skyglass masks with a random key otherwise, skynet sends none)
		log("server got", v1 & 0x80 ~= 0, v1 & 0x0f, key == "\1\2\3\4", #payload,
			crypt.hexencode(payload:sub(1, 8)))
		if v1 & 0x0f == 8 then return end
	end
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local server_done = 0
	socket.start(lid, function(c)
		socket.start(c)
		skynet.fork(function()
			local req = socket.readline(c, "\r\n\r\n")
			local key = req:match("[Ss]ec%-[Ww]eb[Ss]ocket%-[Kk]ey: *([^\r]+)")
			log("server: request", req:match("^[^\r]+"), req:lower():match("x%-mine:%s*([^\r]+)"))
			local accept = crypt.base64encode(crypt.sha1(key .. "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
			socket.write(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				.. "Sec-WebSocket-Accept: " .. accept .. "\r\n\r\n" .. frame(true, 1, "in the 101 packet"))
			skynet.sleep(5)
			socket.write(c, frame(false, 2, "ab") .. frame(true, 9, "pi") .. frame(false, 0, "cd")
				.. frame(true, 10, "po") .. frame(true, 0, "ef"))
			socket.write(c, frame(true, 1, string.rep("s", 300)))
			socket.write(c, frame(true, 2, string.rep("l", 70000)))
			skynet.sleep(5)
			read_client(c, server_done == 0 and 100 or 2)
			socket.write(c, frame(true, 8, string.pack(">I2", 1001) .. "going"))
			skynet.sleep(5)
			socket.close(c)
			server_done = server_done + 1
		end)
	end)

	local id = websocket.connect("ws://127.0.0.1:" .. port .. "/path?q=1", { ["X-Mine"] = "mine" })
	log("client: addrinfo", websocket.addrinfo(id) == "127.0.0.1:" .. port)
	log("client: read 1", websocket.read(id))
	log("client: read 2", websocket.read(id))
	local s = websocket.read(id)
	log("client: read 3", #s, s:sub(1, 4))
	s = websocket.read(id)
	log("client: read 4", #s, s:sub(1, 4))
	websocket.write(id, "hello")
	websocket.write(id, "bin", "binary", 0x01020304)
	websocket.ping(id)
	log("client: write bad fmt", pcall(websocket.write, id, "x", "json"))
	websocket.close(id, 1000, "bye")
	log("client: closed", websocket.is_close(id))
	log("client: read after close", pcall(websocket.read, id))
	log("client: close again", pcall(websocket.close, id))
	log("client: ping after close", pcall(websocket.ping, id))

	for _ = 1, 100 do
		if server_done == 1 then break end
		skynet.sleep(1)
	end
	local id2 = websocket.connect("ws://127.0.0.1:" .. port)
	log("client2: read", websocket.read(id2))
	for _ = 1, 3 do websocket.read(id2) end
	websocket.write(id2, "x")
	local ok, payload = websocket.read(id2)
	log("client2: read close", ok, payload and crypt.hexencode(payload))
	log("client2: closed", websocket.is_close(id2))
	for _ = 1, 100 do
		if server_done == 2 then break end
		skynet.sleep(1)
	end
	skynet.sleep(5)
	skynet.abort()
end)
