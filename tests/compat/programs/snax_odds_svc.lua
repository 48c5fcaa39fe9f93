-- snax_odds_svc: a snax service used by snax_odds.lua (not a program of its own): its init raises when asked.
local skynet = require "skynet"

function init(how)
	if how == "raise" then
		error("init refused")
	end
end

function accept.same(v)
	skynet.error("accept same", v)
end

function response.same(v)
	return "response same " .. tostring(v)
end
