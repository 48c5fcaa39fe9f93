-- packed_recorder_service: a helper for test_inline: keeps each one-way "lua" message's values as skynet.packstring bytes and hands them over on a call.
local skynet = require "skynet"

local kept = {}

skynet.start(function()
	skynet.dispatch("lua", function(session, _, ...)
		if session == 0 then
			-- re-packed, so nils, their count and integer/float kinds all show
			kept[#kept + 1] = skynet.packstring(...)
		else
			skynet.ret(skynet.pack(kept))
			kept = {}
		end
	end)
end)
