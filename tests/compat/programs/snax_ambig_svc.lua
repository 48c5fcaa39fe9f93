-- snax_ambig_svc: a snax service used by snax_ambig.lua (not a program of its own): two locals named n.
local skynet = require "skynet"

local shared = { hits = 0 }

do
	local n = 1
	function response.first()
		n = n + 1
		shared.hits = shared.hits + 1
		return n
	end
end

do
	local n = 100
	function response.second()
		n = n + 1
		return n
	end
end

function response.hits()
	return shared.hits
end

function accept.log(what)
	skynet.error("log", what)
end
