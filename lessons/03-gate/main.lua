-- main: starts the watchdog (which starts the gate) on a free port, then a client.
local skynet = require "skynet"

skynet.start(function()
	local watchdog = skynet.newservice("watchdog")
	local _, port = skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1", port = 0, maxclient = 16, nodelay = true,
	})
	skynet.error("gate listening on port " .. tostring(port))
	skynet.newservice("client", port)
end)
