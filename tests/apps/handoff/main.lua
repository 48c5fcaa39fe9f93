-- main.lua: a login front that reads the first line of a connection itself, then hands the socket to an agent
-- service (socket.abandon here, socket.start there), as login servers hand authenticated clients to the game.
local skynet = require "skynet"
local socket = require "skynet.socket"

local function login(fd)
	socket.start(fd)
	local line = socket.readline(fd)
	local name = line and line:match "^login (%w+)$"
	if not name then
		socket.write(fd, "bad login\n")
		socket.close(fd)
		skynet.error("login refused: " .. tostring(line))
		return
	end
	-- what this service has read past the login line stays here: the agent starts from the socket
	socket.abandon(fd)
	local agent = skynet.newservice("agent")
	skynet.call(agent, "lua", "start", fd, name)
end

skynet.start(function()
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(login, fd)
	end)
	skynet.error("ready")
end)
