-- main.lua: the websocket game's front: saves the sproto schemas (and stays alive holding them), starts the
-- world, and gives each accepted connection a websocket agent of its own.
local skynet = require "skynet"
local socket = require "skynet.socket"
local sprotoloader = require "sprotoloader"
local proto = require "proto"

skynet.start(function()
	sprotoloader.save(proto.c2s, 1)
	sprotoloader.save(proto.s2c, 2)
	skynet.uniqueservice("world")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd, addr)
		local agent = skynet.newservice("wsagent")
		skynet.send(agent, "lua", "accept", fd, addr)
	end)
	skynet.error("ready")
end)
