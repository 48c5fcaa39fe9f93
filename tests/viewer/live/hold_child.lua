-- hold_child: a service that does nothing but exist.
local skynet = require "skynet"
skynet.start(function() end)
