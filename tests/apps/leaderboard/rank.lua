-- rank.lua: the leaderboard service: redis sorted sets (one per season) through one skynet.db.redis connection.
local skynet = require "skynet"
local redis = require "skynet.db.redis"

local season = ...
local db

local function key(s)
	return "board:" .. (s or season)
end

local function show(v)
	if type(v) ~= "table" then
		return tostring(v)
	end
	local parts = {}
	for i, x in ipairs(v) do
		parts[i] = show(x)
	end
	return "[" .. table.concat(parts, ",") .. "]"
end

local CMD = {}

function CMD.score(name, n)
	return "total " .. db:zincrby(key(), n, name)
end

function CMD.set(name, n)
	return "added " .. db:zadd(key(), n, name)
end

-- top N with scores, highest first; equal scores by name, as redis orders them
function CMD.top(n)
	local r = db:zrevrange(key(), 0, tonumber(n) - 1, "WITHSCORES")
	local parts = {}
	for i = 1, #r, 2 do
		parts[#parts + 1] = r[i] .. "=" .. r[i + 1]
	end
	return #parts == 0 and "empty" or table.concat(parts, " ")
end

function CMD.rank(name)
	local r = db:zrevrank(key(), name)
	local s = db:zscore(key(), name)
	return r and string.format("#%d with %s", r + 1, s) or "unranked"
end

function CMD.between(lo, hi)
	return show(db:zrangebyscore(key(), lo, hi, "LIMIT", 0, 3))
end

function CMD.count()
	return db:zcard(key()) .. " players, " .. db:zcount(key(), 100, "+inf") .. " at 100 or more"
end

function CMD.remove(name)
	return "removed " .. db:zrem(key(), name)
end

-- a batch of results from a finished match, in one round trip
function CMD.batch(...)
	local ops = {}
	for pair in table.concat({ ... }, " "):gmatch "(%S+)" do
		local name, n = pair:match "^(%w+)=(%-?%d+)$"
		ops[#ops + 1] = { "zincrby", key(), n, name }
	end
	ops[#ops + 1] = { "zcard", key() }
	local resp = {}
	db:pipeline(ops, resp)
	local out = {}
	for i, r in ipairs(resp) do
		out[i] = tostring(r.ok) .. ":" .. show(r.out)
	end
	return table.concat(out, " ")
end

-- a new season: the old board moves under its name in one MULTI/EXEC, the new one starts empty
function CMD.newseason(name)
	local old = season
	db:multi()
	db:rename(key(), key(old .. ":final"))
	db:expire(key(old .. ":final"), 3600)
	local r = db:exec()
	season = name
	return string.format("season %s -> %s: %s, ttl>0 %s", old, name, show(r), tostring(db:ttl(key(old .. ":final")) > 0))
end

function CMD.final(s, n)
	local r = db:zrevrange(key(s .. ":final"), 0, tonumber(n) - 1)
	return show(r)
end

function CMD.bad(name)
	-- a score that is not a number: redis refuses, skynet.db.redis raises
	local ok, err = pcall(db.zincrby, db, key(), "lots", name)
	return "bad " .. tostring(ok) .. " " .. tostring(err)
end

skynet.start(function()
	db = redis.connect { host = "127.0.0.1", port = tonumber(skynet.getenv "redis_port") }
	db:del(key(), key(season .. ":final"))
	skynet.error("rank: season", season)
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
