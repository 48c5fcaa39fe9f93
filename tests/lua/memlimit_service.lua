-- memlimit_service: a helper for test_memlimit: runs under skynet.memlimit(2 MiB).
local skynet = require "skynet"
skynet.memlimit(2 * 1024 * 1024)
local again = skynet.memlimit -- nil: it can be set once

local hoard = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, n)
		if cmd == "grow" then
			-- Grow inside a pcall, as skynet's testmemlimit does: when the
			-- allocation fails the table is garbage at once, and the error
			-- comes back as a value.
			local ok, err = pcall(function()
				local t = {}
				for i = 1, n do
					t[#t + 1] = string.rep("x", 1024) .. i
				end
				hoard = t
			end)
			skynet.retpack(ok and #hoard or err)
		elseif cmd == "drop" then
			hoard = {}
			collectgarbage()
			skynet.retpack(true)
		else
			skynet.retpack(again == nil)
		end
	end)
end)
