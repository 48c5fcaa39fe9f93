-- broken.lua: a service whose start raises (uniqueservice callers see it fail).
local skynet = require "skynet"

skynet.start(function()
	skynet.sleep(5)
	error("broken by design")
end)
