-- memlimit_service: a helper for test_memlimit: runs under skynet.memlimit(2 MiB).
local skynet = require "skynet"
skynet.memlimit(2 * 1024 * 1024)
local again = skynet.memlimit -- nil: it can be set once

local hoard = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, n)
		if cmd == "grow" then
			for i = 1, n do
				hoard[#hoard + 1] = string.rep("x", 1024) .. i
			end
			skynet.retpack(#hoard)
		elseif cmd == "drop" then
			hoard = {}
			collectgarbage()
			skynet.retpack(true)
		else
			skynet.retpack(again == nil)
		end
	end)
end)
