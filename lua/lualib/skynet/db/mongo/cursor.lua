-- skynet.db.mongo.cursor: the cursors of collection:find and collection:aggregate.
--
-- A cursor fetches a batch with find/aggregate, then more with getMore while the server's
-- cursor id is not 0: cursor:hasNext() fetches when the batch is used up, cursor:next()
-- returns the next document. sort/skip/limit/hint/maxTimeMS/batchSize set options before
-- the first fetch; close() kills the server's cursor. As skynet's lualib/skynet/db/mongo.lua.
local bson = require "bson"

-- skynet's cursors live in its mongo.lua, where their errors are raised; ours live here, so they are
-- raised through a function compiled under mongo.lua's chunk name, for the same position in the text.
local mongo_source = debug.getinfo(1, "S").source:gsub("mongo/cursor%.lua$", "mongo.lua")
local raise = assert(load("return function(msg) error(msg) end", mongo_source))()

local encode, encode_order, int64 = bson.encode, bson.encode_order, bson.int64
local empty_doc = encode {}

local cursor = {}

local find_cursor = {}
local find_meta = { __index = find_cursor }
local aggregate_cursor = {}
local aggregate_meta = { __index = aggregate_cursor }

----------------------------------------------------------------------
-- options
----------------------------------------------------------------------

-- sort { key = 1 } or sort({ k1 = 1 }, { k2 = -1 }, ...): several keys keep their order.
function find_cursor:sort(key, key_v, ...)
	if key_v then
		local list = {}
		for _, kv in ipairs { key, key_v, ... } do
			local k, v = next(kv)
			list[#list + 1] = k
			list[#list + 1] = v
		end
		key = encode_order(table.unpack(list))
	end
	self.__sort = key
	return self
end

for _, name in ipairs { "skip", "limit", "hint", "maxTimeMS", "batchSize" } do
	local field = "__" .. name
	find_cursor[name] = function(self, value)
		self[field] = value
		return self
	end
end

-- The named options that are set, as key, value pairs for runCommand.
local function options(self, ...)
	local out = {}
	for _, name in ipairs { ... } do
		local v = self["__" .. name]
		if v ~= nil then
			out[#out + 1] = name
			out[#out + 1] = v
		end
	end
	return table.unpack(out)
end

----------------------------------------------------------------------
-- find
----------------------------------------------------------------------

function cursor.find(collection, query, projection)
	return setmetatable({
		__collection = collection,
		__query = query and encode(query) or empty_doc,
		__projection = projection and encode(projection) or empty_doc,
		__sort = empty_doc,
		__document = {}, -- the current batch; nil once the cursor is exhausted
		__ptr = nil, -- the next document's index in the batch; nil: fetch first
		__data = nil, -- the last reply; nil before the first fetch
		__cursor = nil, -- the server's cursor id
	}, find_meta)
end

function find_cursor:count(with_limit_and_skip)
	local coll = self.__collection
	local r
	if with_limit_and_skip then
		r = coll.database:runCommand("count", coll.name, "query", self.__query,
			options(self, "skip", "limit", "hint", "maxTimeMS"))
	else
		r = coll.database:runCommand("count", coll.name, "query", self.__query, options(self, "hint", "maxTimeMS"))
	end
	if r.ok ~= 1 then
		raise(r.errmsg or "assertion failed!")
	end
	return r.n
end

-- Take a find/aggregate/getMore reply: the batch, the cursor id, what is left of limit.
local function take_batch(self, r)
	if r.ok ~= 1 then
		self.__document, self.__data, self.__cursor = nil, nil, nil
		raise(r.errmsg or "Reply from mongod error")
	end
	local c = r.cursor
	if type(c) ~= "table" then
		self.__document, self.__data, self.__cursor = nil, nil, nil
		raise("Reply from mongod error")
	end
	self.__document = c.firstBatch or c.nextBatch or {}
	self.__data = r
	self.__ptr = 1
	self.__cursor = c.id
	local limit = self.__limit
	if limit and limit > 0 and c.id > 0 then
		-- the server counts the limit too; stop asking once this side has enough
		limit = limit - #self.__document
		if limit <= 0 then
			self:close()
		end
		self.__limit = limit
	end
	if c.id == 0 and #self.__document == 0 then
		return false
	end
	return true
end

local function get_more(self)
	local coll = self.__collection
	local bz = self.__batchSize
	if bz and bz > 0 then
		return coll.database:runCommand("getMore", int64(self.__cursor), "collection", coll.name, "batchSize", bz)
	end
	return coll.database:runCommand("getMore", int64(self.__cursor), "collection", coll.name)
end

-- Whether next() has a document, fetching when the batch is used up.
local function has_next(self, first_fetch)
	if self.__ptr ~= nil then
		return true
	end
	if self.__document == nil then
		return false
	end
	if self.__data == nil then
		return take_batch(self, first_fetch(self))
	end
	if self.__cursor and self.__cursor > 0 then
		return take_batch(self, get_more(self))
	end
	self.__document, self.__data = nil, nil
	return false
end

local function find_fetch(self)
	local coll = self.__collection
	return coll.database:runCommand("find", coll.name, "filter", self.__query, "sort", self.__sort,
		"projection", self.__projection, options(self, "skip", "limit", "hint", "maxTimeMS", "batchSize"))
end

function find_cursor:hasNext()
	return has_next(self, find_fetch)
end

function find_cursor:next()
	if self.__ptr == nil then
		raise "Call	hasNext	first"
	end
	local doc = self.__document[self.__ptr]
	self.__ptr = self.__ptr + 1
	if self.__ptr > #self.__document then
		self.__ptr = nil
	end
	return doc
end

function find_cursor:close()
	if self.__cursor and self.__cursor > 0 then
		local coll = self.__collection
		coll.database:send_command("killCursors", coll.name, "cursors", { int64(self.__cursor) })
		self.__cursor = nil
	end
end

----------------------------------------------------------------------
-- aggregate: the pipeline, with sort/skip/limit (or a $count) appended when run
----------------------------------------------------------------------

function cursor.aggregate(collection, pipeline, opts)
	if not pipeline then
		raise "assertion failed!"
	end
	local opt_list
	if opts then
		opt_list = {}
		for k, v in pairs(opts) do
			opt_list[#opt_list + 1] = k
			opt_list[#opt_list + 1] = v
		end
	end
	return setmetatable({
		__collection = collection,
		__pipeline = table.move(pipeline, 1, #pipeline, 1, {}),
		__options = opt_list,
		__document = {},
		__skip = 0,
		__limit = 0,
	}, aggregate_meta)
end

local function stages(self, with_limit_and_skip, is_count)
	local out = table.move(self.__pipeline, 1, #self.__pipeline, 1, {})
	if self.__sort and not is_count then
		out[#out + 1] = { ["$sort"] = self.__sort }
	end
	if with_limit_and_skip then
		if self.__skip > 0 then
			out[#out + 1] = { ["$skip"] = self.__skip }
		end
		if self.__limit > 0 then
			out[#out + 1] = { ["$limit"] = self.__limit }
		end
	end
	if is_count then
		out[#out + 1] = { ["$count"] = "__count" }
	end
	return out
end

local function run_aggregate(self, with_limit_and_skip, is_count)
	local coll = self.__collection
	local pipeline = stages(self, with_limit_and_skip, is_count)
	if self.__options then
		return coll.database:runCommand("aggregate", coll.name, "pipeline", pipeline, table.unpack(self.__options))
	end
	return coll.database:runCommand("aggregate", coll.name, "pipeline", pipeline, "cursor", empty_doc)
end

function aggregate_cursor:count(with_limit_and_skip)
	local r = run_aggregate(self, with_limit_and_skip, true)
	if r.ok ~= 1 then
		raise(r.errmsg or "Reply from mongod error")
	end
	return r.cursor.firstBatch[1].__count
end

function aggregate_cursor:hasNext()
	return has_next(self, function()
		return run_aggregate(self, true)
	end)
end

aggregate_cursor.sort = find_cursor.sort
aggregate_cursor.skip = find_cursor.skip
aggregate_cursor.limit = find_cursor.limit
aggregate_cursor.next = find_cursor.next
aggregate_cursor.close = find_cursor.close

return cursor
