-- service_misc_slow: a unique service that takes a while to start, used by service_misc.lua (not a program of its own).
local skynet = require "skynet"
skynet.start(function()
	skynet.sleep(5)
	skynet.error("slow service ready")
	skynet.dispatch("lua", function() skynet.retpack("slow ok") end)
end)
