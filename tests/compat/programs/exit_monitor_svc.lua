-- exit_monitor_svc: an exit monitor as skynet's examples/simplemonitor: told of each service that
-- exits (an empty PTYPE_CLIENT message from it), it fails the calls of those watching it.
-- Run by tests/compat (exit_monitor.lua installs it with skynet.monitor).
local skynet = require "skynet"

local watched = {}

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = function(msg, sz) return sz end,
	dispatch = function(session, address, sz)
		skynet.error("monitor: gone", session, sz, watched[address] ~= nil)
		local w = watched[address]
		if w then
			for _, answer in ipairs(w) do answer(true, "gone") end
			watched[address] = false
		end
	end,
}

skynet.start(function()
	skynet.dispatch("lua", function(_, _, command, service)
		assert(command == "WATCH")
		local w = watched[service]
		if w == false then
			return skynet.ret(skynet.pack("already gone"))
		end
		if not w then
			w = {}
			watched[service] = w
		end
		w[#w + 1] = skynet.response()
	end)
end)
