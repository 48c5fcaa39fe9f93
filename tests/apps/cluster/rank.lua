-- rank.lua: scores by name; a total over 100 is reported to the hall node's @audit.
local skynet = require "skynet"
local cluster = require "skynet.cluster"

local scores, order = {}, {}

local CMD = {}

function CMD.add(name, score)
	if not scores[name] then
		order[#order + 1] = name
	end
	scores[name] = (scores[name] or 0) + score
	if scores[name] > 100 then
		return scores[name], cluster.call("hall", "@audit", "report", name, scores[name])
	end
	return scores[name]
end

function CMD.bump(name)
	CMD.add(name, 1)
end

function CMD.top()
	local t = {}
	for i, name in ipairs(order) do
		t[i] = name .. "=" .. scores[name]
	end
	return t
end

function CMD.crash()
	error("rank cannot crash politely")
end

function CMD.slow()
	skynet.error("slow started")
	skynet.sleep(1000)
	return "slow done"
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		if session == 0 then
			f(...)
		else
			skynet.ret(skynet.pack(f(...)))
		end
	end)
end)
