-- smgr_waiters_exit: a service used by smgr_waiters.lua (not a program of its own): its start exits.
local skynet = require "skynet"

skynet.start(function()
	skynet.exit()
end)
