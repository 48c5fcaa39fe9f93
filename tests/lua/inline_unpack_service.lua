-- inline_unpack_service: a helper for test_inline: a "client" protocol whose Lua unpack
-- raises on every first try of a message, so the callback's fast path gives up after
-- copying the bytes to the heap and the Lua dispatch unpacks the same message again.
local skynet = require "skynet"

local tries = {}

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = function(msg, sz)
		local text = skynet.tostring(msg, sz)
		tries[#tries + 1] = text
		if #tries % 2 == 1 then
			error("first try (expected by test_inline)")
		end
		return text
	end,
	dispatch = function(session, _, text)
		local seen = tries
		tries = {}
		if session ~= 0 then
			skynet.ret(skynet.pack(text, table.unpack(seen)))
		end
	end,
}

skynet.start(function() end)
