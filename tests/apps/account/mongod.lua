-- mongod.lua: a stand-in MongoDB for the account app: answers OP_MSG commands (ismaster, insert, find, update,
-- createIndexes) from collections in memory, one request at a time per connection, as a mongod does.
local skynet = require "skynet"
local socket = require "skynet.socket"
local bson = require "bson"
local driver = require "skynet.mongo.driver"

local collections = {} -- name -> { docs in insertion order }
local unique = {} -- collection name -> field with a unique index

local function matches(doc, filter)
	for k, v in pairs(filter) do
		if k:sub(1, 1) ~= "$" and doc[k] ~= v then
			return false
		end
	end
	return true
end

local function coll(name)
	collections[name] = collections[name] or {}
	return collections[name]
end

local COMMAND = {}

function COMMAND.ismaster()
	return { ok = 1, ismaster = true }
end

function COMMAND.createIndexes(t)
	for _, index in ipairs(t.indexes) do
		if index.unique then
			unique[t.createIndexes] = next(index.key)
		end
	end
	return { ok = 1 }
end

function COMMAND.insert(t)
	local docs = coll(t.insert)
	local field = unique[t.insert]
	for i, doc in ipairs(t.documents) do
		for _, old in ipairs(docs) do
			if old._id == doc._id or field and old[field] == doc[field] then
				return { ok = 1, n = i - 1, writeErrors = { { index = i - 1, code = 11000,
					errmsg = string.format("E11000 duplicate key error collection: %s index: %s dup key", t.insert,
						old._id == doc._id and "_id_" or field .. "_1") } } }
			end
		end
		docs[#docs + 1] = doc
	end
	return { ok = 1, n = #t.documents }
end

local cursors = {} -- id -> { docs left, batch size }
local last_cursor = 7000

-- the first `n` documents of `docs` (all when n is nil or 0), and the rest
local function batch(docs, n)
	if not n or n == 0 or n >= #docs then
		return docs, nil
	end
	return table.move(docs, 1, n, 1, {}), table.move(docs, n + 1, #docs, 1, {})
end

local function project(doc, projection)
	if not projection or next(projection) == nil then
		return doc
	end
	local out = { _id = doc._id }
	for k in pairs(projection) do
		out[k] = doc[k]
	end
	return out
end

function COMMAND.find(t)
	local found = {}
	for _, doc in ipairs(coll(t.find)) do
		if matches(doc, t.filter) then
			found[#found + 1] = project(doc, t.projection)
		end
	end
	local field, dir = next(t.sort or {})
	if field then
		table.sort(found, function(a, b)
			if a[field] == b[field] then
				return a._id < b._id
			end
			if dir < 0 then
				return a[field] > b[field]
			end
			return a[field] < b[field]
		end)
	end
	if t.limit and t.limit > 0 then
		found = batch(found, t.limit)
	end
	-- a query that takes its time, as one without its index would
	if t.filter["$comment"] == "slow" then
		skynet.sleep(100)
	end
	local first, rest = batch(found, t.batchSize)
	local id = 0
	if rest then
		last_cursor = last_cursor + 1
		id = last_cursor
		cursors[id] = { rest = rest, size = t.batchSize }
	end
	return { ok = 1, cursor = { id = id, ns = "game." .. t.find, firstBatch = first } }
end

function COMMAND.getMore(t)
	local c = cursors[t.getMore]
	if not c then
		return { ok = 0, errmsg = "cursor id " .. tostring(t.getMore) .. " not found", code = 43 }
	end
	local next_batch, rest = batch(c.rest, t.batchSize or c.size)
	c.rest = rest
	local id = t.getMore
	if not rest then
		cursors[id] = nil
		id = 0
	end
	return { ok = 1, cursor = { id = id, ns = "game." .. t.collection, nextBatch = next_batch } }
end

function COMMAND.killCursors(t)
	for _, id in ipairs(t.cursors) do
		skynet.error("mongod: cursor killed, " .. #cursors[id].rest .. " documents unread")
		cursors[id] = nil
	end
	return { ok = 1, cursorsKilled = t.cursors }
end

function COMMAND.update(t)
	local n, modified = 0, 0
	for _, u in ipairs(t.updates) do
		for _, doc in ipairs(coll(t.update)) do
			if matches(doc, u.q) then
				n = n + 1
				modified = modified + 1
				for k, v in pairs(u.u["$set"] or {}) do
					doc[k] = v
				end
				for k, v in pairs(u.u["$inc"] or {}) do
					doc[k] = (doc[k] or 0) + v
				end
			end
		end
	end
	return { ok = 1, n = n, nModified = modified }
end

local function reply(request_id, doc)
	local body = tostring(bson.encode(doc))
	local msg = string.pack("<i4i4i4I4B", 0, request_id, 2013, 0, 0) .. body
	return string.pack("<i4", #msg + 4) .. msg
end

local function serve(id)
	socket.start(id)
	while true do
		local head = socket.read(id, 4)
		if not head then
			break
		end
		local data = socket.read(id, driver.length(head))
		if not data then
			break
		end
		local request_id = string.unpack("<i4", data)
		local _, _, doc = driver.reply(data)
		local t = bson.decode(doc)
		local name = string.unpack("z", data, 23)
		local f = COMMAND[name]
		local r = f and f(t) or { ok = 0, errmsg = "no such command: '" .. name .. "'", code = 59 }
		socket.write(id, reply(request_id, r))
	end
end

skynet.start(function()
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port2"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
end)
