-- bootstrap: the first Lua service: starts the launcher, service_mgr and datacenterd, then the config's `start`.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local launcher = assert(skynet.launch("snlua", "launcher"), "bootstrap: cannot launch the launcher")
	skynet.name(".launcher", launcher)

	local ok, mgr = pcall(skynet.newservice, "service_mgr")
	if not ok then
		skynet.error("bootstrap: " .. tostring(mgr))
		skynet.abort(1)
		return
	end
	skynet.name(".service", mgr)

	-- As skynet's bootstrap: the datacenter is always there (skynet.datacenter).
	local dc_ok, dc = pcall(skynet.newservice, "datacenterd")
	if not dc_ok then
		skynet.error("bootstrap: " .. tostring(dc))
		skynet.abort(1)
		return
	end
	skynet.name(".datacenter", dc)

	local start = skynet.getenv "start" or "main"
	local started, err = pcall(skynet.newservice, start)
	if not started then
		skynet.error("bootstrap: " .. tostring(err))
		skynet.abort(1)
		return
	end
	skynet.exit()
end)
