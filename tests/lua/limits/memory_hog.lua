-- memory_hog: grows its Lua memory by N MiB on request ("capped": with a 16 MiB memlimit).
local skynet = require "skynet"

local mode = ...
if mode == "capped" then
	skynet.memlimit(16 * 1024 * 1024)
end

local kept = {}

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, mib)
		assert(cmd == "grow")
		for i = 1, mib do
			kept[#kept + 1] = string.rep(string.char(i % 256), 1024 * 1024 - 64)
		end
		skynet.retpack(#kept)
	end)
end)
