-- node_a: the harbor test's master node (harbor 1): offers pong as the global name PONG.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local pong = skynet.newservice("pong")
	skynet.name("PONG", pong)
	skynet.error("HARBOR_A_READY " .. skynet.address(pong))
end)
