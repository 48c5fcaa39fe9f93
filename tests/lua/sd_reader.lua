-- sd_reader: a service for the sharedata/sharetable tests: reads shared data and reports what it sees and what it cost.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"

local held = {} -- proxies kept across calls, as a real reader keeps them
local command = {}

local function walk(t, ...)
	for i = 1, select("#", ...) do
		t = t[select(i, ...)]
	end
	return t
end

function command.get(name, ...)
	held[name] = held[name] or sharedata.query(name)
	return walk(held[name], ...)
end

function command.st_get(filename, ...)
	held["st:" .. filename] = held["st:" .. filename] or sharetable.query(filename)
	return walk(held["st:" .. filename], ...)
end

function command.st_update(filename)
	sharetable.update(filename)
end

-- Query `name`, read `rows` rows of it, and return how much this service's
-- Lua heap grew (bytes) while it keeps what it read.
function command.mem(name, rows)
	collectgarbage()
	local before = collectgarbage("count")
	local t = sharedata.query(name)
	local sum = 0
	for i = 1, rows do
		local row = t[i * 97 % #t + 1]
		sum = sum + #row.payload + row.id
	end
	held[name] = t
	collectgarbage()
	return (collectgarbage("count") - before) * 1024, sum
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
