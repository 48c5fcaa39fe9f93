-- client: sends framed packets (2-byte big-endian length + body) the awkward ways, and checks the echoes.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port = ...

local function frame(text)
	return string.pack(">s2", text)
end

local function read_packet(fd)
	local header = assert(socket.read(fd, 2), "connection closed")
	return assert(socket.read(fd, string.unpack(">I2", header)), "connection closed")
end

skynet.start(function()
	local fd = assert(socket.open("127.0.0.1", tonumber(port)))
	-- lesson 03.1: two packets in one write arrive as one read: "sticky" (粘包)
	socket.write(fd, frame("hello") .. frame("world"))
	skynet.error("client got " .. read_packet(fd) .. " and " .. read_packet(fd))

	-- lesson 03.2: one packet in two writes: netpack keeps the partial body until the rest comes
	local packet = frame("split in two")
	socket.write(fd, packet:sub(1, 5))
	skynet.sleep(5)
	socket.write(fd, packet:sub(6))
	skynet.error("client got " .. read_packet(fd))

	socket.close(fd)
	skynet.sleep(10)
	skynet.abort(0)
end)
