-- node_c: the harbor test's node that leaves (harbor 3): offers pong as CPONG until the driver kills it.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local pong = skynet.newservice("pong")
	skynet.name("CPONG", pong)
	skynet.error("HARBOR_C_READY " .. skynet.address(pong))
end)
