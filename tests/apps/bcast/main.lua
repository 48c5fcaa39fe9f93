-- main.lua: the broadcast chat's front: a member service per connection; channels are skynet.multicast ones.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	skynet.uniqueservice("hub")
	local n = 0
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		n = n + 1
		skynet.newservice("member", fd, n)
	end)
	skynet.error("ready")
end)
