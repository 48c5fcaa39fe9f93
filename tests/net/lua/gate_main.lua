-- gate_main: the watchdog/agent echo example on the config's port.
local skynet = require "skynet"

skynet.start(function()
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local watchdog = skynet.newservice("watchdog")
	local _, bound = skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1", port = port, backlog = 1024, maxclient = 2048, nodelay = true,
	})
	skynet.error("gate ready on " .. bound)
end)
