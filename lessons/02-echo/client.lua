-- client: connects to main's echo server, sends two lines, prints the echoes, and ends the run.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port = ...

skynet.start(function()
	local fd = assert(socket.open("127.0.0.1", tonumber(port)))
	for _, word in ipairs { "hello", "skynet" } do
		socket.write(fd, word .. "\n")
		skynet.error("client got " .. tostring(socket.readline(fd)))
	end
	socket.close(fd)
	-- Let the server see the close before the runtime stops.
	skynet.sleep(10)
	skynet.abort(0)
end)
