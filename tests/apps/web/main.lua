-- main.lua: the web app's start: a counter service, two http agents taking turns, a websocket hub.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	skynet.uniqueservice("counter")
	local agents = { skynet.newservice("web"), skynet.newservice("web") }
	local hub = skynet.newservice("hub")
	local turn = 0
	local http = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(http, function(fd, addr)
		turn = turn % #agents + 1
		skynet.send(agents[turn], "lua", "serve", fd, turn)
	end)
	local ws = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port2"))
	socket.start(ws, function(fd, addr)
		skynet.send(hub, "lua", "accept", fd, addr)
	end)
	skynet.error("ready")
end)
