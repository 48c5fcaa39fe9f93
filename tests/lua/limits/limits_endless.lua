-- limits_endless: loops in its start function, so with thread = 1 no worker is left for the logger.
local skynet = require "skynet"

skynet.start(function()
	skynet.error("limits_endless: looping")
	while true do
	end
end)
