-- audit.lua: a service behind skynet.filter: every message is counted by type before it is dispatched, and
-- "lua" messages from the front get their command upper-cased on the way.
local skynet = require "skynet"
require "skynet.manager" -- skynet.filter

local counts = {}

skynet.filter(function(ptype, msg, sz, session, source)
	counts[ptype] = (counts[ptype] or 0) + 1
	return ptype, msg, sz, session, source
end, function()
	skynet.dispatch("lua", function(_, _, cmd)
		local types = {}
		for ptype, n in pairs(counts) do
			types[#types + 1] = ptype .. "=" .. n
		end
		table.sort(types)
		skynet.ret(skynet.pack(cmd .. ": " .. table.concat(types, " ")))
	end)
end)
