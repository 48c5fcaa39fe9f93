-- main.lua: the lobby app's front: an agent service per connection.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	skynet.uniqueservice("lobby")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.newservice("agent", fd)
	end)
	skynet.error("ready")
end)
