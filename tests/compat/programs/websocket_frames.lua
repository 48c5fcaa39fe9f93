-- websocket_frames: an http.websocket server fed hand-made frames by a raw client of the program's own: a fragmented
-- text with a ping between its pieces, 16-bit and 64-bit lengths, pong, close with a code and reason and with a
-- one-byte payload, and a client gone mid-frame. (An unmasked frame, a reserved opcode and a frame over 256 KB are
-- refused with a close frame by skyglass on purpose: docs/lua-api.md, "Hostile peers".)
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local websocket = require "http.websocket"
local crypt = require "skynet.crypt"
local log = skynet.error

local function frame(fin, op, payload, masked)
	local v1 = (fin and 0x80 or 0) | op
	local n = #payload
	local m = masked == false and 0 or 0x80
	local head
	if n < 126 then
		head = string.pack("BB", v1, m | n)
	elseif n <= 0xffff then
		head = string.pack(">BBI2", v1, m | 126, n)
	else
		head = string.pack(">BBI8", v1, m | 127, n)
	end
	if m == 0 then return head .. payload end
	local key = "\1\2\3\4"
	return head .. key .. crypt.xor_str(payload, key)
end

local function read_frame(c)
	local h = socket.read(c, 2)
	if not h then return nil end
	local v1, v2 = string.unpack("BB", h)
	local n = v2 & 0x7f
	if n == 126 then n = string.unpack(">I2", socket.read(c, 2)) end
	local payload = n > 0 and socket.read(c, n) or ""
	return v1 & 0x80 ~= 0, v1 & 0x0f, payload
end

local conn = 0
local handle = {
	connect = function(id) log("handle connect") end,
	handshake = function(id, header, url) log("handle handshake", url, header["x-tag"]) end,
	message = function(id, msg, op)
		log("handle message", op, #msg, msg:sub(1, 12))
		websocket.write(id, "echo:" .. msg:sub(1, 8))
	end,
	ping = function(id) log("handle ping") end,
	pong = function(id) log("handle pong") end,
	close = function(id, code, reason) log("handle close", code, reason) end,
	error = function(id, err) log("handle error", err) end,
}

local function client(port, tag)
	local c = socket.open("127.0.0.1", port)
	socket.write(c, "GET /ws/" .. tag .. " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		.. "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Tag: " .. tag .. "\r\n\r\n")
	local status = socket.readline(c, "\r\n\r\n")
	log("client", tag, status and status:match("^[^\r]*"))
	return c
end

local finished = 0

local function drain(c, tag, n)
	-- the server's logs first, then what the client got: the two would interleave by packet timing
	for _ = 1, 200 do
		if finished >= n then break end
		skynet.sleep(1)
	end
	while true do
		local fin, op, payload = read_frame(c)
		if not fin and not op then log("client", tag, "closed") return end
		log("client", tag, "frame", fin, op, #payload, payload:sub(1, 12))
		if op == 8 then return end
	end
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id, addr)
		conn = conn + 1
		local n = conn
		skynet.fork(function()
			local ok, err = websocket.accept(id, handle, "ws", addr)
			log("accept", n, ok, err and err:match("^[^\n]*"):gsub("^.-:%d+: ", ""))
			finished = finished + 1
		end)
	end)

	local c = client(port, "one")
	socket.write(c, frame(true, 1, "hi"))
	socket.write(c, frame(false, 1, "ab"))
	socket.write(c, frame(true, 9, "pp"))
	socket.write(c, frame(false, 0, "cd"))
	socket.write(c, frame(true, 0, "ef"))
	socket.write(c, frame(true, 2, "raw"))
	socket.write(c, frame(true, 2, string.rep("m", 300)))
	socket.write(c, frame(true, 1, string.rep("L", 70000)))
	socket.write(c, frame(true, 10, "po"))
	socket.write(c, frame(true, 8, string.pack(">I2", 1000) .. "bye"))
	drain(c, "one", 1)
	socket.close(c)

	c = client(port, "two")
	socket.write(c, frame(true, 8, "x"))
	drain(c, "two", 2)
	socket.close(c)

	c = client(port, "five")
	socket.write(c, string.pack("BB", 0x81, 0x85) .. "\1\2")
	skynet.sleep(5)
	socket.close(c)

	for _ = 1, 200 do
		if finished == 3 then break end
		skynet.sleep(1)
	end
	log("finished", finished)
	skynet.sleep(5)
	skynet.abort()
end)
