-- echo_gate: gate + netpack + agent echo, as skynet's examples: a watchdog runs
-- the gate and gives each connection an agent that sends every packet back.
-- The watchdog and agent are lesson 03's (the ones the gate tests use too).
local skynet = require "skynet"

skynet.start(function()
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local watchdog = skynet.newservice("watchdog")
	skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1", port = port, backlog = 1024, maxclient = 4096, nodelay = true,
	})
	skynet.error("echo_gate ready on " .. port)
end)
