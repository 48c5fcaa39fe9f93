-- agent.lua: an authenticated client's agent: takes over the socket the login front abandoned.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local function serve(fd, name)
	socket.start(fd)
	socket.write(fd, "welcome " .. name .. "\n")
	while true do
		local line = socket.readline(fd)
		if not line then
			skynet.error("agent " .. name .. ": client left")
			skynet.exit()
			return
		end
		if line == "shutdown" then
			skynet.abort()
			return
		end
		socket.write(fd, name .. ": " .. line .. "\n")
	end
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, fd, name)
		skynet.fork(serve, fd, name)
		skynet.ret()
	end)
end)
