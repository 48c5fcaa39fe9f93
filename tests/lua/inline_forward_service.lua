-- inline_forward_service: a helper for test_inline: a forward-mode service that keeps every
-- "client" message past its dispatch, then redirects half of them and trashes the rest.
local skynet = require "skynet"
require "skynet.manager"

local kept = {}

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = function(msg, sz) return msg, sz end,
}

-- client messages are kept (forwarded); lua ones are freed after their dispatch
skynet.forward_type({ [skynet.PTYPE_CLIENT] = skynet.PTYPE_CLIENT }, function()
	skynet.dispatch("client", function(_, source, msg, sz)
		kept[#kept + 1] = { msg, sz, source }
	end)
	skynet.dispatch("lua", function(_, _, cmd, target)
		assert(cmd == "flush")
		-- later than the dispatches that kept them, after other messages ran
		skynet.yield()
		local n = #kept
		for i, m in ipairs(kept) do
			if i % 2 == 1 then
				skynet.redirect(target, m[3], "client", 0, m[1], m[2])
			else
				skynet.trash(m[1], m[2])
			end
		end
		kept = {}
		skynet.ret(skynet.pack(n))
	end)
end)
