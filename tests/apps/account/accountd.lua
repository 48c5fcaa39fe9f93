-- accountd.lua: the account service: accounts in MongoDB (skynet.db.mongo), a unique index on the name,
-- registration, login with a count of logins, and a lookup the database is slow to answer.
local skynet = require "skynet"
local mongo = require "skynet.db.mongo"
local md5 = require "md5"

local accounts
local next_id = 1000

local function digest(name, pass)
	return md5.sumhexa(name .. ":" .. pass)
end

local CMD = {}

function CMD.register(name, pass)
	if accounts:findOne { name = name } then
		return false, "name taken"
	end
	next_id = next_id + 1
	local ok, err = accounts:safe_insert { _id = next_id, name = name, digest = digest(name, pass), logins = 0 }
	if not ok then
		return false, err
	end
	return true, next_id
end

-- insert without looking first: the unique index is what refuses a second one
function CMD.rawinsert(name)
	next_id = next_id + 1
	local ok, err = accounts:safe_insert { _id = next_id, name = name, digest = "", logins = 0 }
	return ok, err
end

function CMD.login(name, pass)
	local a = accounts:findOne { name = name }
	if not a then
		return false, "no such account"
	end
	if a.digest ~= digest(name, pass) then
		return false, "wrong password"
	end
	local ok, err, r = accounts:safe_update({ name = name }, { ["$inc"] = { logins = 1 }, ["$set"] = { online = true } })
	local again = accounts:findOne({ name = name })
	return ok, string.format("id %d, %d logins, online %s, n %d", again._id, again.logins, tostring(again.online), r.n)
end

function CMD.lookup(name)
	-- the $comment tells the stand-in database to take its time over this one
	local a = accounts:findOne { name = name, ["$comment"] = name == "slowpoke" and "slow" or nil }
	skynet.error("accountd: lookup of " .. name .. " done")
	return a ~= nil
end

-- every account by name, read two at a time (a cursor and its getMore calls)
function CMD.list()
	local out = {}
	local cursor = accounts:find({}, { name = 1, logins = 1 }):sort({ name = 1 }):batchSize(2)
	while cursor:hasNext() do
		local a = cursor:next()
		out[#out + 1] = a.name .. "=" .. a.logins
	end
	return table.concat(out, " ")
end

-- the most logins, the first two only: the cursor is closed before its end (killCursors)
function CMD.top()
	local out = {}
	local cursor = accounts:find({}):sort({ logins = -1 }):batchSize(1)
	while #out < 2 and cursor:hasNext() do
		local a = cursor:next()
		out[#out + 1] = a.name
	end
	cursor:close()
	return table.concat(out, " ")
end

function CMD.bad()
	-- a command the database does not know: runCommand returns its error document
	local r = accounts.database:runCommand("frobnicate", 1)
	return r.ok == 1, r.errmsg
end

skynet.start(function()
	local client = mongo.client { host = "127.0.0.1", port = tonumber(skynet.getenv "app_port2") }
	accounts = client.game.accounts
	accounts:createIndex({ { name = 1 }, unique = true })
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
