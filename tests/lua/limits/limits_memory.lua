-- limits_memory: Lua memory past 32 MiB logs "Memory warning"; skynet.memlimit caps a service.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local capped = skynet.newservice("memory_hog", "capped")
	local ok, err = pcall(skynet.call, capped, "lua", "grow", 40)
	assert(not ok, "a service over its memlimit could grow")
	skynet.error("limits_memory: capped call failed: " .. tostring(err))
	local free = skynet.newservice("memory_hog")
	assert(skynet.call(free, "lua", "grow", 40) == 40)
	skynet.error("limits_memory: done")
	skynet.abort(0)
end)
