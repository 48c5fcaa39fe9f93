-- late_service: a service that only exists to be found by queryservice.
local skynet = require "skynet"
skynet.start(function() end)
