-- smgr_slow: a service used by smgr_list.lua (not a program of its own): its start sleeps.
local skynet = require "skynet"

local function wait_a_while()
	skynet.sleep(60)
end

skynet.start(function()
	wait_a_while()
	skynet.dispatch("lua", function() skynet.retpack("slow ready") end)
end)
