-- main.lua: the flood app's start: a watchdog with a gate of two clients at most.
local skynet = require "skynet"

skynet.start(function()
	local watchdog = skynet.newservice("watchdog")
	skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1",
		port = tonumber(skynet.getenv "app_port"),
		maxclient = 3, -- skynet's gateserver refuses the client that makes the count reach it: two clients
	})
	skynet.error("ready")
end)
