-- bad_init: a service whose start function raises.
local skynet = require "skynet"
skynet.start(function()
	error("bad_init refuses to start")
end)
