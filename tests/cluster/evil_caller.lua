-- evil_caller: calls node "evil" of the cluster file (a Python fake in
-- test_cluster_attacks.py) and logs how the call ended.
local skynet = require "skynet"
local cluster = require "skynet.cluster"

skynet.start(function()
	local ok, err = pcall(cluster.call, "evil", "@x", "hi")
	skynet.error(string.format("EVIL_CALL %s %s", tostring(ok), tostring(err)))
end)
