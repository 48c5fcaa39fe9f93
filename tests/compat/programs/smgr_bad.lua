-- smgr_bad: a service used by smgr_list.lua (not a program of its own): its start raises.
local skynet = require "skynet"

skynet.start(function()
	error("bad start")
end)
