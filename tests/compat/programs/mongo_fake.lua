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

local fake = require "mongo_server"
local show, expect, serve, try = fake.show, fake.expect, fake.serve, fake.try
local scram = fake.scram -- the SCRAM conversation's state: a login's user is forgotten after it

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
