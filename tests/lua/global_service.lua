-- global_service: a helper for test_harbor: registers the global name given as its argument.
local skynet = require "skynet"
require "skynet.manager"
local name = ...

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		skynet.retpack(cmd, ...)
	end)
	skynet.register(name)
end)
