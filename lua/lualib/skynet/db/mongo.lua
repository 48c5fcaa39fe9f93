-- skynet.db.mongo: a MongoDB client over OP_MSG (skynet.mongo.driver) and bson, on a
-- session-mode socketchannel (replies matched to requests by request id).
--
-- mongo.client(conf) -> client; client.dbname (or :getDB) -> db; db.collname (or
-- :getCollection) -> collection. db:runCommand(cmd, v, k1, v1, ...) sends an ordered
-- command document and returns the decoded reply. Collections insert/update/delete (the
-- safe_ forms wait and return ok, err, reply), findOne, find (a cursor: cursor.lua),
-- aggregate, indexes, findAndModify. Names, arguments, results and error texts follow
-- skynet's lualib/skynet/db/mongo.lua.
local bson = require "bson"
local socketchannel = require "skynet.socketchannel"
local driver = require "skynet.mongo.driver"
local auth = require "skynet.db.mongo.auth"
local cursor = require "skynet.db.mongo.cursor"

local encode, encode_order, decode = bson.encode, bson.encode_order, bson.decode
local empty_doc = encode {}

local mongo = {
	null = assert(bson.null),
	maxkey = assert(bson.maxkey),
	minkey = assert(bson.minkey),
	type = assert(bson.type),
}

local mongo_client, mongo_db, mongo_collection = {}, {}, {}

-- client.x is a database, db.x and collection.x a collection, unless x is a method.
local client_meta = {
	__index = function(self, key)
		return rawget(mongo_client, key) or self:getDB(key)
	end,
	__tostring = function(self)
		return "[mongo client :	" .. self.host .. (self.port and ":" .. tostring(self.port) or "") .. "]"
	end,
}
local db_meta = {
	__index = function(self, key)
		return rawget(mongo_db, key) or self:getCollection(key)
	end,
	__tostring = function(self)
		return "[mongo db :	" .. self.name .. "]"
	end,
}
local collection_meta = {
	__index = function(self, key)
		return rawget(mongo_collection, key) or self:getCollection(key)
	end,
	__tostring = function(self)
		return "[mongo collection :	" .. self.full_name .. "]"
	end,
}

----------------------------------------------------------------------
-- the connection
----------------------------------------------------------------------

-- Session-mode reader: -> request id the reply answers, ok, { document, data }.
-- `data` (the reply's bytes) must stay referenced: `document` points into it.
local function read_reply(sock)
	local rest = sock:read(driver.length(sock:read(4)))
	local ok, response_to, document = driver.reply(rest)
	return response_to, ok, { document = document, data = rest }
end

local function split_addr(addr)
	local host, port = string.match(addr, "([^:]+):(.+)")
	return host, tonumber(port)
end

-- On every (re)connection: authenticate when a user is set, then ask for the primary of a
-- replica set and move there (the other hosts become the channel's backups).
local function on_connect(client)
	local user, password = rawget(client, "username"), rawget(client, "password")
	local method = "auth_" .. (rawget(client, "authmod") or "scram_sha1")
	local authdb = rawget(client, "authdb")
	if authdb then
		authdb = mongo_client.getDB(client, authdb) -- the client has no metatable yet
	end
	return function()
		if user ~= nil and password ~= nil then
			local fn = auth[method]
			assert(fn, "Invalid authmod")
			assert(fn(authdb or client, user, password))
		end
		local r = client:runCommand("ismaster")
		if r.ok ~= 1 then
			return
		end
		if r.hosts then
			local backup = {}
			for _, addr in ipairs(r.hosts) do
				local host, port = split_addr(addr)
				backup[#backup + 1] = { host = host, port = port }
			end
			client.__sock:changebackup(backup)
		end
		if r.ismaster then
			return
		elseif r.primary then
			local host, port = split_addr(r.primary)
			client.host, client.port = host, port
			client.__sock:changehost(host, port)
		else
			-- the channel tries the next backup host
			error("No primary return : " .. tostring(r.me))
		end
	end
end

-- conf: { host, port = 27017, username, password, authmod, authdb, overload } or
-- { rs = { conf1, conf2, ... } } for a replica set.
function mongo.client(conf)
	local first, backup = conf, nil
	if conf.rs then
		first, backup = conf.rs[1], conf.rs
	end
	local client = {
		host = first.host,
		port = first.port or 27017,
		username = first.username,
		password = first.password,
		authmod = first.authmod,
		authdb = first.authdb,
		__id = 0,
	}
	client.__sock = socketchannel.channel {
		host = client.host,
		port = client.port,
		response = read_reply,
		auth = on_connect(client),
		backup = backup,
		nodelay = true,
		overload = conf.overload,
	}
	setmetatable(client, client_meta)
	client.__sock:connect(true) -- one attempt now; later requests reconnect
	return client
end

function mongo_client:getDB(dbname)
	local db = { connection = self, name = dbname, full_name = dbname, __cmd = dbname .. ".$cmd" }
	db.database = db
	return setmetatable(db, db_meta)
end

function mongo_client:disconnect()
	local sock = self.__sock
	if sock then
		self.__sock = false
		sock:close()
	end
end

-- Request ids stay positive int32s: the server echoes them back as int32.
function mongo_client:genId()
	self.__id = (self.__id + 1) & 0x7fffffff
	return self.__id
end

function mongo_client:runCommand(...)
	if not rawget(self, "admin") then
		self.admin = self:getDB "admin"
	end
	return self.admin:runCommand(...)
end

function mongo_client:logout()
	return self:runCommand("logout").ok == 1
end

-- ok, err, reply for a write: ok only when the server says ok and reports no write error.
local function werror(r)
	local ok = r.ok == 1 and not r.writeErrors and not r.writeConcernError and not r.errmsg
	local err
	if not ok then
		if r.writeErrors then
			err = r.writeErrors[1].errmsg
		elseif r.writeConcernError then
			err = r.writeConcernError.errmsg
		else
			err = r.errmsg
		end
	end
	return ok, err, r
end

-- bulkWrite's ok, err, reply, and the (1-based) indexes of the failed ops.
local function wbulkerror(r)
	local ok, err = werror(r)
	local failed
	if r.nErrors and r.nErrors ~= 0 and r.cursor then
		failed = {}
		err = err and err .. ";" or ""
		for i, v in ipairs(r.cursor.firstBatch) do
			if v.ok ~= 1 then
				failed[#failed + 1] = i
				err = err .. v.errmsg .. ";"
			end
		end
	end
	return ok, err, r, failed
end

-- Append key, value when value is set (tables become documents).
local function option(args, key, value)
	if value ~= nil then
		args[#args + 1] = key
		args[#args + 1] = type(value) == "table" and encode(value) or value
	end
end

local bulk_op = {
	insert = function(ns, d)
		return encode_order("insert", ns, "document", encode(d.insert))
	end,
	delete = function(ns, d)
		local a = { "delete", ns, "filter", encode(d.filter), "multi", d.multi or false }
		option(a, "hit", d.hit)
		option(a, "collation", d.collation)
		return encode_order(table.unpack(a))
	end,
	update = function(ns, d)
		local a = { "update", ns, "filter", encode(d.filter), "updateMods", encode(d.update),
			"multi", d.multi or false, "upsert", d.upsert or false }
		option(a, "hit", d.hit)
		option(a, "constants", d.constants)
		option(a, "collation", d.collation)
		return encode_order(table.unpack(a))
	end,
}

-- datas: { {op = "insert"|"update"|"delete", collection = "db.coll", ...}, ... } (MongoDB 8).
function mongo_client:bulkWrite(datas, comment, ordered, verify, errorsOnly)
	local ops, ns, index_of = {}, {}, {}
	for i, d in ipairs(datas) do
		if not index_of[d.collection] then
			index_of[d.collection] = #ns -- nsInfo indexes count from 0
			ns[#ns + 1] = encode { ns = d.collection }
		end
		ops[i] = assert(bulk_op[d.op], d.op)(index_of[d.collection], d)
	end
	local args = { "bulkWrite", 1, "ops", ops, "nsInfo", ns }
	option(args, "ordered", ordered)
	option(args, "bypassDocumentValidation", verify)
	option(args, "comment", comment)
	option(args, "errorsOnly", errorsOnly)
	return wbulkerror(self:runCommand(table.unpack(args)))
end

----------------------------------------------------------------------
-- databases
----------------------------------------------------------------------

-- The command's name stays the first key ($db after it): the server reads it by position.
local function command_doc(self, extra, cmd, cmd_v, ...)
	if not cmd_v then
		if extra then
			return encode_order(cmd, 1, "$db", self.name, "writeConcern", extra)
		end
		return encode_order(cmd, 1, "$db", self.name)
	end
	if extra then
		return encode_order(cmd, cmd_v, "$db", self.name, "writeConcern", extra, ...)
	end
	return encode_order(cmd, cmd_v, "$db", self.name, ...)
end

-- A request on a disconnected client: skynet's raises `attempt to index a boolean value (local 'sock')`
-- in its mongo.lua; our library's bytecode keeps no local names, so that request goes through a function
-- compiled from source under this file's name (on first use only).
local closed
local function closed_request()
	closed = closed or assert(load("return function(sock, ...) return sock:request(...) end",
		debug.getinfo(1, "S").source))()
	return closed
end

function mongo_db:runCommand(cmd, cmd_v, ...)
	local conn = self.connection
	local id = conn:genId()
	local sock = conn.__sock
	local msg = driver.op_msg(id, 0, command_doc(self, nil, cmd, cmd_v, ...))
	-- keep `reply` alive while decoding: reply.document points into reply.data
	local reply
	if sock then
		reply = sock:request(msg, id)
	else
		reply = closed_request()(sock, msg, id)
	end
	return decode(reply.document)
end

local NO_ACK = { w = 0 }
local MORE_TO_COME = 2 -- OP_MSG flag: the server sends no reply

-- Fire and forget (w = 0): returns a fake { ok = 1 }.
function mongo_db:send_command(cmd, cmd_v, ...)
	local conn = self.connection
	local id = conn:genId()
	local sock = conn.__sock
	local msg = driver.op_msg(id, MORE_TO_COME, command_doc(self, NO_ACK, cmd, cmd_v, ...))
	if sock then
		sock:request(msg)
	else
		closed_request()(sock, msg)
	end
	return { ok = 1 }
end

function mongo_db:auth(user, pass)
	local fn = auth["auth_" .. (rawget(self.connection, "authmod") or "scram_sha1")]
	assert(fn, "Invalid authmod")
	return fn(self, user, pass)
end

function mongo_db:getCollection(name)
	local col = setmetatable({
		connection = self.connection,
		name = name,
		full_name = self.full_name .. "." .. name,
		database = self.database,
	}, collection_meta)
	self[name] = col
	return col
end

mongo_collection.getCollection = mongo_db.getCollection

----------------------------------------------------------------------
-- collections: writes
----------------------------------------------------------------------

local function with_id(doc)
	if doc._id == nil then
		doc._id = bson.objectid()
	end
	return encode(doc)
end

local function encode_all(docs)
	for i = 1, #docs do
		docs[i] = with_id(docs[i])
	end
	return docs
end

function mongo_collection:insert(doc)
	self.database:send_command("insert", self.name, "documents", { with_id(doc) })
end

function mongo_collection:safe_insert(doc)
	return werror(self.database:runCommand("insert", self.name, "documents", { encode(doc) }))
end

function mongo_collection:raw_safe_insert(doc)
	return werror(self.database:runCommand("insert", self.name, "documents", { doc }))
end

function mongo_collection:batch_insert(docs)
	self.database:send_command("insert", self.name, "documents", encode_all(docs))
end
mongo_collection.insert_many = mongo_collection.batch_insert

function mongo_collection:safe_batch_insert(docs)
	return werror(self.database:runCommand("insert", self.name, "documents", encode_all(docs)))
end
mongo_collection.safe_insert_many = mongo_collection.safe_batch_insert

local function update_doc(query, update, upsert, multi)
	return encode { q = query, u = update, upsert = upsert, multi = multi }
end

function mongo_collection:update(query, update, upsert, multi)
	self.database:send_command("update", self.name, "updates", { update_doc(query, update, upsert, multi) })
end

function mongo_collection:safe_update(query, update, upsert, multi)
	return werror(self.database:runCommand("update", self.name, "updates",
		{ update_doc(query, update, upsert, multi) }))
end

local function update_docs(updates)
	local out = {}
	for i, u in ipairs(updates) do
		out[i] = update_doc(u.query, u.update, u.upsert, u.multi)
	end
	return out
end

function mongo_collection:batch_update(updates)
	self.database:send_command("update", self.name, "updates", update_docs(updates))
end

function mongo_collection:safe_batch_update(updates)
	return werror(self.database:runCommand("update", self.name, "updates", update_docs(updates)))
end

function mongo_collection:raw_safe_update(update)
	return werror(self.database:runCommand("update", self.name, "updates", { update }))
end

local function delete_doc(query, single)
	return encode { q = query, limit = single and 1 or 0 }
end

function mongo_collection:delete(query, single)
	self.database:send_command("delete", self.name, "deletes", { delete_doc(query, single) })
end

function mongo_collection:safe_delete(query, single)
	return werror(self.database:runCommand("delete", self.name, "deletes", { delete_doc(query, single) }))
end

function mongo_collection:safe_batch_delete(deletes, single)
	local out = {}
	for i, q in ipairs(deletes) do
		out[i] = delete_doc(q, single)
	end
	return werror(self.database:runCommand("delete", self.name, "deletes", out))
end

function mongo_collection:raw_safe_delete(delete)
	return werror(self.database:runCommand("delete", self.name, "deletes", { delete }))
end

----------------------------------------------------------------------
-- collections: reads and administration
----------------------------------------------------------------------

function mongo_collection:findOne(query, projection)
	local r = self.database:runCommand("find", self.name, "filter", query and encode(query) or empty_doc,
		"limit", 1, "projection", projection and encode(projection) or empty_doc)
	if r.ok ~= 1 then
		error(r.errmsg or "Reply from mongod error")
	end
	return r.cursor.firstBatch[1]
end

function mongo_collection:find(query, projection)
	return cursor.find(self, query, projection)
end

function mongo_collection:aggregate(pipeline, options)
	return cursor.aggregate(self, pipeline, options)
end

-- { {k1 = 1}, "k2", unique = true } -> an index document named "k1_1_k2_1".
local function index_model(option)
	local doc = {}
	for k, v in pairs(option) do
		if type(k) == "string" then
			doc[k] = v
		end
	end
	local keys, name = {}, nil
	for _, kv in ipairs(option) do
		local k, v
		if type(kv) == "string" then
			k, v = kv, 1
		else
			k, v = next(kv)
		end
		keys[#keys + 1] = k
		keys[#keys + 1] = v
		name = (name and name .. "_" or "") .. k .. "_" .. v
	end
	assert(name, "Need keys")
	doc.name = doc.name or name
	doc.key = encode_order(table.unpack(keys))
	return doc
end

-- createIndex { {key1 = 1}, "key2", unique = true } or, the old form, createIndex({key = 1}, {unique = true})
function mongo_collection:createIndex(arg1, arg2)
	if not arg2 then
		return self.database:runCommand("createIndexes", self.name, "indexes", { index_model(arg1) })
	end
	local doc = {}
	for k, v in pairs(arg2) do
		doc[k] = v
	end
	local k, v = next(arg1)
	assert(next(arg1, k) == nil, "Use new api for multi-keys")
	doc.name = doc.name or (k .. "_" .. v)
	doc.key = arg1
	return self.database:runCommand("createIndexes", self.name, "indexes", { doc })
end
mongo_collection.ensureIndex = mongo_collection.createIndex

function mongo_collection:createIndexes(...)
	local models = { ... }
	for i, m in ipairs(models) do
		models[i] = index_model(m)
	end
	return self.database:runCommand("createIndexes", self.name, "indexes", models)
end

function mongo_collection:drop()
	return self.database:runCommand("drop", self.name)
end

function mongo_collection:dropIndex(indexName)
	return self.database:runCommand("dropIndexes", self.name, "index", indexName)
end

-- findAndModify { query = {...}, update = {...} | remove = true, new, fields, upsert, sort }
function mongo_collection:findAndModify(doc)
	assert(doc.query)
	assert(doc.update or doc.remove)
	local cmd = { "findAndModify", self.name }
	for k, v in pairs(doc) do
		cmd[#cmd + 1] = k
		cmd[#cmd + 1] = v
	end
	return self.database:runCommand(table.unpack(cmd))
end

-- mongo.enable(name): load the plug-in skynet.db.mongo.<name> once (e.g. "transaction").
local enabled = {}
function mongo.enable(name)
	if enabled[name] then
		return
	end
	enabled[name] = true
	require("skynet.db.mongo." .. name).init { mongo_db = mongo_db }
end

return mongo
