-- mongo_fake: skynet.db.mongo against an OP_MSG server of the program's own with canned replies: what the
-- client sends for each call (the command, its collection and fields, the moreToCome flag of the sends that
-- want no answer), and how it reads each reply: write results with writeErrors, writeConcernError and
-- errmsg, findOne, cursors over getMore batches with sort/skip/limit/batchSize and their killCursors,
-- count, createIndex in its three forms, findAndModify, aggregate; logins by MONGODB-CR and SCRAM-SHA-1
-- (a good one, a bad nonce, a bad signature, a refused one), a replica set's ismaster naming another
-- primary, and the client used after disconnect.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local bson = require "bson"
local driver = require "skynet.mongo.driver"
local crypt = require "skynet.crypt"
local md5 = require "md5"

-- A decoded value as text: keys sorted, bson's tagged strings by their type (objectids are random).
local function show(v)
	local t = type(v)
	if t == "table" and getmetatable(v) and getmetatable(v).__tostring then
		return tostring(v)
	elseif t == "table" then
		local keys = {}
		for k in pairs(v) do keys[#keys + 1] = k end
		table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
		local parts = {}
		for _, k in ipairs(keys) do
			if k ~= "payload" then
				parts[#parts + 1] = tostring(k) .. "=" .. show(v[k])
			end
		end
		return "{" .. table.concat(parts, ",") .. "}"
	elseif t == "string" then
		if v:byte(1) == 0 and #v > 1 then
			return "<bson " .. (bson.type(v)) .. ">"
		end
		return string.format("%q", v)
	end
	return tostring(v)
end

local canned = {} -- replies the client queues before a call; a command that finds none gets {ok = 1}
local function expect(...)
	for _, r in ipairs { ... } do canned[#canned + 1] = r end
end

-- SCRAM-SHA-1's server side, as a real server checks the client's proof and signs its answer.
local scram = {}
local function salted(user, pass, salt, iter)
	local key = md5.sumhexa(user .. ":mongo:" .. pass)
	local out = crypt.hmac_sha1(key, salt .. "\0\0\0\1")
	local inter = out
	for _ = 2, iter do
		inter = crypt.hmac_sha1(key, inter)
		out = crypt.xor_str(out, inter)
	end
	return out
end

local function sasl(cmd, t)
	local payload = crypt.base64decode(t.payload)
	if cmd == "saslStart" then
		local user, cnonce = payload:match("^n,,n=([^,]*),r=(.*)$")
		scram.first_bare = "n=" .. user .. ",r=" .. cnonce
		scram.user = user
		local rnonce = cnonce .. "srvnonce"
		if user == "badnonce" then rnonce = "0123456789abcdef" end
		scram.server_first = "r=" .. rnonce .. ",s=" .. crypt.base64encode("salty") .. ",i=7"
		return { ok = 1, conversationId = 5, done = false, payload = crypt.base64encode(scram.server_first) }
	elseif payload == "" then
		return { ok = 1, conversationId = 5, done = true, payload = "" }
	end
	local without_proof, proof = payload:match("^(c=biws,r=[^,]*),p=(.*)$")
	local key = salted(scram.user, "pw", "salty", 7)
	local auth_msg = scram.first_bare .. "," .. scram.server_first .. "," .. without_proof
	local client_key = crypt.hmac_sha1(key, "Client Key")
	local sig = crypt.hmac_sha1(crypt.sha1(client_key), auth_msg)
	skynet.error("server: proof", crypt.base64encode(crypt.xor_str(client_key, sig)) == proof)
	local v = crypt.base64encode(crypt.hmac_sha1(crypt.hmac_sha1(key, "Server Key"), auth_msg))
	if scram.user == "badsig" then v = "AAAA" end
	return { ok = 1, conversationId = 5, done = scram.user ~= "twostep", payload = crypt.base64encode("v=" .. v) }
end

local function reply(id, doc, opcode)
	local body = tostring(bson.encode(doc))
	local msg = string.pack("<i4i4i4I4B", 0, id, opcode or 2013, 0, 0) .. body
	return string.pack("<i4", #msg + 4) .. msg
end

-- One connection: read OP_MSG frames, log the command, answer unless the client asked for no answer.
local function serve(id, name, other_port)
	socket.start(id)
	while true do
		local head = socket.read(id, 4)
		if not head then break end
		local data = socket.read(id, driver.length(head))
		if not data then break end
		local request_id, _, _, flags = string.unpack("<i4i4i4I4", data)
		local cmd = string.unpack("z", data, 23)
		local _, _, doc = driver.reply(data)
		local t = bson.decode(doc)
		skynet.error("server " .. name .. " got", cmd, "flags", flags, show(t))
		local r
		if cmd == "ismaster" then
			if name == "A" then
				r = { ok = 1, ismaster = true }
			elseif name == "B" then
				r = { ok = 1, ismaster = false, primary = "127.0.0.1:" .. other_port, me = "B" }
			else
				r = { ok = 1, ismaster = false, me = "lonely" }
			end
		elseif cmd == "getnonce" then
			r = { ok = 1, nonce = "2375531c32080ae8" }
		elseif cmd == "saslStart" or cmd == "saslContinue" then
			if scram.user == "refused" or t.mechanism and crypt.base64decode(t.payload):find("n=refused", 1, true) then
				scram.user = "refused"
				r = { ok = 0, errmsg = "Authentication failed." }
			else
				r = sasl(cmd, t)
			end
		elseif flags & 2 == 0 then
			r = table.remove(canned, 1) or { ok = 1 }
		end
		if r == "opcode" then
			socket.write(id, reply(request_id, { ok = 1 }, 1))
		elseif r then
			socket.write(id, reply(request_id, r))
		end
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local la, _, port_a = socket.listen("127.0.0.1", 0)
	socket.start(la, function(id) skynet.fork(serve, id, "A") end)
	local lb, _, port_b = socket.listen("127.0.0.1", 0)
	socket.start(lb, function(id) skynet.fork(serve, id, "B", port_a) end)
	local lc, _, port_c = socket.listen("127.0.0.1", 0)
	socket.start(lc, function(id) skynet.fork(serve, id, "C") end)

	local mongo = require "skynet.db.mongo"
	local client = mongo.client { host = "127.0.0.1", port = port_a }
	skynet.error("client", (tostring(client):gsub("%d+%]$", "PORT]")))
	local db = client.game
	local coll = db.players
	skynet.error("db", tostring(db), "coll", tostring(coll), coll.full_name, rawget(db, "players") == coll)
	skynet.error("genId", client:genId() > 0, "types", mongo.type(mongo.null), mongo.type(mongo.maxkey))

	try("runCommand ping", client.runCommand, client, "ping")
	expect { ok = 1, version = "7.0.0" }
	try("db runCommand", db.runCommand, db, "buildInfo", 1, "extra", "x")
	expect { ok = 1, n = 1 }
	try("safe_insert", coll.safe_insert, coll, { _id = 1, name = "bob" })
	expect { ok = 1, n = 0, writeErrors = { { index = 0, code = 11000, errmsg = "E11000 duplicate key" } } }
	try("safe_insert dup", coll.safe_insert, coll, { _id = 1, name = "bob" })
	expect { ok = 1, n = 1, writeConcernError = { code = 64, errmsg = "waiting for replication timed out" } }
	try("safe_update wc", coll.safe_update, coll, { _id = 1 }, { ["$set"] = { lv = 2 } }, true, false)
	expect { ok = 0, errmsg = "not master", code = 10107 }
	try("safe_delete errmsg", coll.safe_delete, coll, { _id = 1 }, true)
	expect { ok = 1, n = 2 }
	try("safe_batch_insert", coll.safe_batch_insert, coll, { { _id = 2 }, { _id = 3, tags = { "a", "b" } } })
	expect { ok = 1, n = 2 }
	try("safe_batch_delete", coll.safe_batch_delete, coll, { { _id = 2 }, { _id = 3 } })
	expect { ok = 1, nModified = 1 }
	try("safe_batch_update", coll.safe_batch_update, coll, { { query = { _id = 2 }, update = { ["$inc"] = { n = 1 } }, upsert = true } })
	-- sends that want no answer (moreToCome), seen by the server before the next call's
	coll:insert { _id = 4 }
	coll:batch_insert { { _id = 5 }, { _id = 6 } }
	coll:update({ _id = 4 }, { ["$set"] = { x = 1 } }, false, true)
	coll:delete({ _id = 4 }, false)
	try("send_command", db.send_command, db, "fsync")
	expect { ok = 1, cursor = { id = 0, ns = "game.players", firstBatch = { { _id = 1, name = "bob" } } } }
	try("findOne", coll.findOne, coll, { _id = 1 }, { name = 1 })
	expect { ok = 1, cursor = { id = 0, ns = "game.players", firstBatch = {} } }
	try("findOne none", coll.findOne, coll)
	expect { ok = 0, errmsg = "bad query", code = 2 }
	try("findOne error", coll.findOne, coll, { x = 1 })
	expect { ok = 0 }
	try("findOne error bare", coll.findOne, coll, { x = 1 })

	-- a cursor over two batches, then one cut by its limit (killCursors follows)
	expect({ ok = 1, cursor = { id = bson.int64(77), ns = "game.players", firstBatch = { { _id = 1 }, { _id = 2 } } } },
		{ ok = 1, cursor = { id = 0, ns = "game.players", nextBatch = { { _id = 3 } } } })
	local cur = coll:find({ lv = { ["$gt"] = 1 } }, { _id = 1 }):sort({ lv = -1 }, { name = 1 }):skip(1):batchSize(2)
	try("next first", cur.next, cur)
	while cur:hasNext() do skynet.error("doc", show(cur:next())) end
	try("hasNext after end", cur.hasNext, cur)
	expect { ok = 1, cursor = { id = bson.int64(78), ns = "game.players", firstBatch = { { _id = 1 }, { _id = 2 }, { _id = 3 } } } }
	cur = coll:find():sort({ name = 1 }):limit(2):hint("name_1"):maxTimeMS(100)
	while cur:hasNext() do skynet.error("doc", show(cur:next())) end
	try("hasNext after limit", cur.hasNext, cur)
	expect { ok = 0, errmsg = "cursor gone" }
	cur = coll:find { x = 1 }
	try("hasNext error", cur.hasNext, cur)
	try("hasNext after error", cur.hasNext, cur)
	expect { ok = 1, n = 5 }
	cur = coll:find({ x = 1 }):skip(2):limit(3)
	try("count", cur.count, cur)
	expect { ok = 1, n = 3 }
	try("count with limit", cur.count, cur, true)
	expect { ok = 0, errmsg = "count failed" }
	try("count error", cur.count, cur)

	-- indexes, findAndModify, drop
	try("createIndex onekey", coll.createIndex, coll, { name = 1 }, { unique = true })
	try("createIndex list", coll.createIndex, coll, { { lv = 1 }, { name = -1 }, unique = true })
	try("createIndex names", coll.createIndex, coll, { "a", "b", name = "ab" })
	try("createIndex none", coll.createIndex, coll, {})
	try("createIndex two keys", coll.createIndex, coll, { a = 1, b = 1 }, {})
	try("createIndexes", coll.createIndexes, coll, { "a" }, { { b = -1 }, sparse = true })
	try("ensureIndex", coll.ensureIndex, coll, { "c" })
	try("dropIndex", coll.dropIndex, coll, "name_1")
	try("drop", coll.drop, coll)
	expect { ok = 1, value = { _id = "counter", n = 8 } }
	try("findAndModify", coll.findAndModify, coll, { query = { _id = "counter" }, update = { ["$inc"] = { n = 1 } }, new = true })
	try("findAndModify no query", coll.findAndModify, coll, { update = {} })
	try("findAndModify no update", coll.findAndModify, coll, { query = {} })

	-- aggregate: stages appended for sort, skip, limit and count
	expect({ ok = 1, cursor = { id = bson.int64(90), ns = "game.players", firstBatch = { { total = 1 } } } },
		{ ok = 1, cursor = { id = 0, ns = "game.players", nextBatch = { { total = 2 } } } })
	local agg = coll:aggregate({ { ["$match"] = { lv = 1 } } }):sort({ total = -1 }):skip(1):limit(5)
	while agg:hasNext() do skynet.error("agg", show(agg:next())) end
	expect { ok = 1, cursor = { id = 0, ns = "game.players", firstBatch = { { __count = 4 } } } }
	agg = coll:aggregate({ { ["$match"] = { lv = 1 } } }, { allowDiskUse = true })
	try("aggregate count", agg.count, agg, true)
	expect { ok = 0, errmsg = "bad pipeline" }
	agg = coll:aggregate({})
	try("aggregate error", agg.hasNext, agg)

	client:disconnect()
	try("after disconnect", client.runCommand, client, "ping")
	try("disconnect twice", client.disconnect, client)

	-- logins
	local cr = mongo.client { host = "127.0.0.1", port = port_a, username = "u", password = "p", authmod = "mongodb_cr" }
	cr:disconnect()
	for _, user in ipairs { "good", "twostep", "badnonce", "badsig", "refused" } do
		try("scram " .. user, function()
			local c = mongo.client { host = "127.0.0.1", port = port_a, username = user, password = "pw", authdb = "admin" }
			c:disconnect()
			return "connected"
		end)
		scram.user = nil
	end
	try("authmod unknown", function()
		local c = mongo.client { host = "127.0.0.1", port = port_a, username = "u", password = "p", authmod = "nope" }
		c:disconnect()
	end)

	-- replica sets: B names A as the primary; C knows none
	local rs = mongo.client { host = "127.0.0.1", port = port_b }
	skynet.error("moved to A", rs.port == port_a)
	try("rs ping", rs.runCommand, rs, "ping")
	rs:disconnect()
	try("no primary", mongo.client, { host = "127.0.0.1", port = port_c })

	-- a reply with an old opcode
	local old = mongo.client { host = "127.0.0.1", port = port_a }
	expect "opcode"
	try("old opcode", old.runCommand, old, "ping")
	old:disconnect()

	socket.close(la)
	socket.close(lb)
	socket.close(lc)
	skynet.sleep(10)
	skynet.abort()
end)
