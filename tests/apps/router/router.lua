-- router.lua: a routing proxy: lua messages are taken as raw (skynet.forward_type makes them "system" and keeps
-- them alive), their key read, and each passed on untouched by skynet.redirect to the key's worker, which
-- answers the caller itself.
local skynet = require "skynet"
require "skynet.manager" -- skynet.forward_type

local workers = { ... }
local routed = 0

skynet.register_protocol {
	name = "system",
	id = skynet.PTYPE_SYSTEM,
	unpack = function(msg, sz) return msg, sz end,
}

skynet.forward_type({ [skynet.PTYPE_LUA] = skynet.PTYPE_SYSTEM }, function()
	skynet.dispatch("system", function(session, source, msg, sz)
		local cmd, key = skynet.unpack(msg, sz)
		if cmd == "routed" then
			-- the router's own question: answered here, and the message is ours to free
			skynet.trash(msg, sz)
			skynet.ret(skynet.pack(routed))
			return
		end
		routed = routed + 1
		-- the worker answers the caller: this service must not (no "Maybe forgot response" for it)
		skynet.ignoreret()
		local n = #key % #workers + 1
		skynet.redirect(workers[n], source, "lua", session, msg, sz)
	end)
end)
