-- main.lua: the config app's front: starts the config server, then one agent service per client connection.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local cfgd = skynet.uniqueservice("cfgd")
	local agents = {}
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		-- the agent owns the connection from here; main only remembers who to tell of a reload
		-- its number is taken before newservice suspends, so a connection accepted meanwhile gets the next one
		local n = #agents + 1
		agents[n] = true
		agents[n] = skynet.newservice("agent", fd, n)
		local agent = agents[n]
		skynet.call(cfgd, "lua", "watch", agent)
	end)
	skynet.error("ready")
end)
