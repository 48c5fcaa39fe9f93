-- board.lua: a snax leaderboard: score is a post (no answer), top a request; bad n raises.
local skynet = require "skynet"

local season
local scores, names = {}, {}

function init(name)
	season = name
	skynet.error("board " .. season .. " open")
end

function accept.score(name, points)
	if not scores[name] then
		names[#names + 1] = name
	end
	scores[name] = (scores[name] or 0) + points
end

function response.top(n)
	assert(n and n > 0, "top needs a positive count")
	local list = {}
	for i, name in ipairs(names) do
		list[i] = name
	end
	table.sort(list, function(x, y)
		return scores[x] > scores[y] or (scores[x] == scores[y] and x < y)
	end)
	local out = {}
	for i = 1, math.min(n, #list) do
		out[i] = list[i] .. "=" .. scores[list[i]]
	end
	return out
end

function exit()
	skynet.error("board " .. season .. " closed")
end
