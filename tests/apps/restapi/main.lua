-- main.lua: a REST API node: a listener hands each connection to one of two http agents in turn; a store service.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	skynet.uniqueservice("store")
	local agents = {}
	for i = 1, 2 do
		agents[i] = skynet.newservice("api", i)
	end
	local n = 0
	local port = tonumber(skynet.getenv "app_port")
	local id = socket.listen("127.0.0.1", port)
	socket.start(id, function(fd)
		n = n + 1
		skynet.send(agents[n % 2 + 1], "lua", fd)
	end)
	skynet.error("ready")
end)
