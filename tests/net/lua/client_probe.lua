-- client_probe: stands for an agent in test_gate's forward case: records each
-- PTYPE_CLIENT packet the gate sends it, as "session source payload".
local skynet = require "skynet"

local got = {}

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(session, source, packet)
		skynet.ignoreret()
		got[#got + 1] = string.format("%d %d %s", session, source, packet)
	end,
}

skynet.start(function()
	skynet.dispatch("lua", function()
		skynet.retpack(got)
	end)
end)
