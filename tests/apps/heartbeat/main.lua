-- main.lua: a gate-based server that kicks idle clients: the gate service, a watchdog with a sweep timer.
local skynet = require "skynet"

skynet.start(function()
	local watchdog = skynet.newservice("watchdog")
	skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1",
		port = tonumber(skynet.getenv "app_port"),
		maxclient = 8,
		nodelay = true,
	})
	skynet.error("ready")
end)
