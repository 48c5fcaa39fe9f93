-- mongo_more: more of skynet.db.mongo against the OP_MSG server of mongo_server.lua (shared with mongo_fake): a replica set list whose
-- first host refuses, collections of collections (db.a.b), raw_safe_insert/update/delete with bson documents,
-- insert_many and safe_insert_many, bulkWrite, logout, db:auth at run time (MONGODB-CR), createIndexes with
-- names given, findAndModify with remove, cursor:close before and after, a count with hint and maxTimeMS,
-- and mongo.enable of a plug-in that is not there.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local bson = require "bson"

local fake = require "mongo_server"
local show, expect, serve, try = fake.show, fake.expect, fake.serve, fake.try

skynet.start(function()
	local la, _, port_a = socket.listen("127.0.0.1", 0)
	socket.start(la, function(id) skynet.fork(serve, id, "A") end)
	local closed, _, port_closed = socket.listen("127.0.0.1", 0)
	socket.close(closed)

	local mongo = require "skynet.db.mongo"
	local client = mongo.client { rs = { { host = "127.0.0.1", port = port_closed }, { host = "127.0.0.1", port = port_a } } }
	skynet.error("connected to A", client.port == port_a, client.host)
	local db = client:getDB("game")
	local sub = db.a.b
	skynet.error("sub collection", tostring(sub), sub.full_name, sub.name)
	expect { ok = 1, n = 1 }
	try("raw_safe_insert", sub.raw_safe_insert, sub, bson.encode { _id = 1 })
	expect { ok = 1, n = 1 }
	try("raw_safe_update", sub.raw_safe_update, sub, bson.encode { q = { _id = 1 }, u = { x = 1 } })
	expect { ok = 1, n = 1 }
	try("raw_safe_delete", sub.raw_safe_delete, sub, bson.encode { q = { _id = 1 }, limit = 1 })
	expect { ok = 1, n = 2 }
	try("safe_insert_many", sub.safe_insert_many, sub, { { _id = 7 }, { _id = 8 } })
	sub:insert_many { { _id = 9 } }
	expect { ok = 1, nErrors = 1, cursor = { firstBatch = { { ok = 1 }, { ok = 0, errmsg = "dup" } } } }
	try("bulkWrite", client.bulkWrite, client, {
		{ op = "insert", collection = "game.a", insert = { n = 1 } },
		{ op = "update", collection = "game.a", filter = { n = 1 }, update = { ["$set"] = { n = 2 } }, upsert = true },
		{ op = "delete", collection = "game.b", filter = { n = 2 } },
	}, "note", true)
	try("bulkWrite bad op", client.bulkWrite, client, { { op = "nope", collection = "game.a" } })
	expect { ok = 1 }
	try("logout", client.logout, client)
	try("db auth", db.auth, db, "u", "p")
	try("createIndexes named", sub.createIndexes, sub, { { a = 1 }, name = "mine", unique = true }, { "b", "c" })
	expect { ok = 1, value = { _id = 3 } }
	try("findAndModify remove", sub.findAndModify, sub, { query = { _id = 3 }, remove = true })
	expect { ok = 1, cursor = { id = bson.int64(55), ns = "game.a.b", firstBatch = { { _id = 1 } } } }
	local cur = sub:find { x = 1 }
	try("close before", cur.close, cur)
	try("hasNext", cur.hasNext, cur)
	try("next", cur.next, cur)
	try("close after", cur.close, cur)
	try("close again", cur.close, cur)
	expect { ok = 1, n = 2 }
	cur = sub:find({}):hint("x_1"):maxTimeMS(5):skip(1):limit(1)
	try("count hint", cur.count, cur)
	-- (the error's first line only: the searched paths follow each runtime's config)
	local ok, err = pcall(mongo.enable, "no_such_plugin")
	skynet.error("enable nothing", ok, (tostring(err):match("^[^\n]*")))
	client:disconnect()
	socket.close(la)
	skynet.sleep(10)
	skynet.abort()
end)
