-- waiter: blocks on datacenter.wait until main sets the value, then exits.
local skynet = require "skynet"
local datacenter = require "skynet.datacenter"

skynet.start(function()
	skynet.fork(function()
		-- a call to datacenterd that is answered only when the leaf is set
		local motd = datacenter.wait("config", "motd")
		skynet.error("waiter woke up with: " .. motd)
		skynet.exit()
	end)
	skynet.dispatch("lua", function(_, _, cmd)
		assert(cmd == "ready")
		skynet.retpack(true)
	end)
end)
