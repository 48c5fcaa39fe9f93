-- error_levels: error(msg, 2) and (msg, 3) raised where the level points into skynet's own code: a request
-- handler, a fork with and without arguments, a timeout, the start function, an init function, inside pcall;
-- the position each message gets (skynet.lua's, or none).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
if mode == "callee" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "lvl2" then error("handler level two", 2) end
			if cmd == "pcall" then skynet.retpack(pcall(error, "pcall level two", 2)) end
		end)
	end)
	return
end
if mode == "rawstart" then
	skynet.start(function() error("start lvl2 raw", 2) end)
	return
end
skynet.init(function() skynet.error("init", pcall(function() error("init lvl3", 3) end)) end)
skynet.start(function()
	skynet.error("start lvl2", pcall(function() error("in pcall lvl2", 2) end))
	local c = skynet.newservice(SERVICE_NAME, "callee")
	skynet.error("call lvl2", pcall(skynet.call, c, "lua", "lvl2"))
	skynet.error("call pcall", pcall(skynet.call, c, "lua", "pcall"))
	skynet.fork(function() error("fork lvl2", 2) end)
	skynet.sleep(1)
	skynet.timeout(1, function() error("timeout lvl2", 2) end)
	skynet.sleep(3)
	skynet.fork(function(a) error("fork args lvl2", 2) end, 1)
	skynet.sleep(3)
	skynet.error("raw start", pcall(skynet.newservice, SERVICE_NAME, "rawstart"))
	skynet.sleep(10)
	skynet.abort()
end)
