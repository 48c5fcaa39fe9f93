-- node_ready: the start service of the hostile-peer tests' node: says it is up and stays.
local skynet = require "skynet"

skynet.start(function()
	skynet.error("HARBOR_NODE_READY " .. skynet.address(skynet.self()))
end)
