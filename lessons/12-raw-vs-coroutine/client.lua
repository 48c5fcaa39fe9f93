-- client (lesson 12): the same three round trips against each server, one after the other.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local ports = { ... }

local function round_trips(port)
	local fd = assert(socket.open("127.0.0.1", port))
	for i = 1, 3 do
		local message = "ping " .. i
		socket.write(fd, message)
		local echo = socket.read(fd, #message)
		assert(echo == message, "wrong echo: " .. tostring(echo))
	end
	socket.close(fd)
end

skynet.start(function()
	for _, port in ipairs(ports) do
		round_trips(tonumber(port))
		skynet.error("client: 3 echoes from port " .. port)
	end
	skynet.abort(0)
end)
