-- main.lua: a TCP relay: each client connection gets a connection of its own to the backend (socket.open),
-- and bytes are pumped both ways with socket.read (whatever has come); either side closing closes the other.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local backend_port = tonumber(skynet.getenv "backend_port")
local n = 0
local finished = 0 -- tunnels whose both sides are closed

-- pump(from, to, what): copies until `from` closes; returns the bytes copied
local function pump(from, to)
	local total = 0
	while true do
		local data = socket.read(from)
		if not data then
			return total
		end
		total = total + #data
		if data:find("ABORT", 1, true) then
			skynet.abort()
			return total
		end
		if data == "STATUS\n" then
			-- the relay's own answer, for a client that waits for other tunnels to end
			socket.write(from, "finished " .. finished .. "\n")
		else
			socket.write(to, data)
		end
	end
end

local function relay(fd)
	n = n + 1
	local me = n
	socket.start(fd)
	local up = socket.open("127.0.0.1", backend_port)
	if not up then
		socket.write(fd, "no backend\n")
		socket.close(fd)
		return
	end
	socket.onclose(up, function()
		skynet.error(string.format("tunnel %d: backend closed", me))
	end)
	local sides = 0
	local function side_done()
		sides = sides + 1
		if sides == 2 then
			finished = finished + 1
		end
	end
	skynet.fork(function()
		local bytes = pump(up, fd)
		skynet.error(string.format("tunnel %d: %d bytes down", me, bytes))
		socket.close(fd)
		side_done()
	end)
	local bytes = pump(fd, up)
	skynet.error(string.format("tunnel %d: %d bytes up", me, bytes))
	socket.close(up)
	side_done()
end

skynet.start(function()
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(relay, fd)
	end)
	skynet.error("ready")
end)
