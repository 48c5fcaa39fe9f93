-- main.lua: a custom gate (snax.gateserver) for TCP and a UDP echo service, as a KCP-style game front might pair them.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local gate = skynet.newservice("mygate")
	skynet.call(gate, "lua", "open", {
		address = "127.0.0.1",
		port = tonumber(skynet.getenv "app_port"),
		maxclient = 16,
		nodelay = true,
	})
	skynet.newservice("udpecho", tonumber(skynet.getenv "app_port2"))
	skynet.error("ready")
end)
