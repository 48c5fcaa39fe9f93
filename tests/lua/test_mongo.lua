-- test_mongo: skynet.db.mongo (and skynet.mongo.driver) against tests/lua/mongo_mock.py, a
-- stand-in that speaks OP_MSG with pymongo's bson (Debian has no MongoDB), started on a
-- free 127.0.0.1 port and killed at the end; plus replies that break the protocol.
local skynet = require "skynet"
local mongo = require "skynet.db.mongo"
local driver = require "skynet.mongo.driver"
local bson = require "bson"
local t = require "testlib"

local dir, port

local function start_mock()
	assert(os.execute("/usr/bin/python3 -c 'import bson' 2>/dev/null"),
		"pymongo's bson is not installed for /usr/bin/python3 (Debian package python3-bson)")
	dir = os.tmpname()
	os.remove(dir)
	assert(os.execute("mkdir -p " .. dir))
	assert(os.execute(string.format("/usr/bin/python3 tests/lua/mongo_mock.py %s > %s/log 2>&1 & echo $! > %s/pid",
		dir, dir, dir)), "mongo_mock.py did not start")
	for _ = 1, 200 do -- 10 s at most
		local f = io.open(dir .. "/port")
		if f then
			port = f:read("n")
			f:close()
			return
		end
		skynet.sleep(5)
	end
	error("mongo_mock.py wrote no port within 10 s (see " .. dir .. "/log)")
end

local function stop_mock()
	if dir then
		os.execute(string.format("kill $(cat %s/pid) 2>/dev/null; rm -rf %s", dir, dir))
		dir = nil
	end
end

local client, coll

t.run("test_mongo", {
	{ "driver: op_msg frames a document; reply and length check what they read", function()
		local doc = bson.encode_order("ping", 1, "$db", "admin")
		local msg = driver.op_msg(7, 0, doc)
		t.eq(#msg, 16 + 4 + 1 + #tostring(doc), "header, flags, kind, document")
		t.eq(driver.length(msg:sub(1, 4)), #msg - 4, "length: what follows the length")
		t.eq(select(2, string.unpack("<i4i4i4i4I4B", msg)), 7, "the request id")
		local reply = msg:sub(5, 8) .. string.pack("<i4i4", 7, 2013) .. msg:sub(17)
		local ok, to, d = driver.reply(reply)
		t.eq(ok, true, "a reply")
		t.eq(to, 7, "answers request 7")
		t.eq(bson.decode(d).ping, 1, "its document")
		t.eq(driver.reply("short"), false, "shorter than a header")
		t.raises(function() driver.reply(reply:sub(1, 8) .. string.pack("<i4", 1) .. reply:sub(13)) end,
			"Unsupported opcode:1")
		t.raises(function() driver.reply(reply .. "x") end, "Unsupported OP_MSG reply: >1 section")
		t.raises(function() driver.length(string.pack("<i4", -3)) end, "Invalid mongo reply length -3")
		t.raises(function() driver.op_msg(1, 0, nil) end, "opmsg require cmd document")
	end },
	{ "start the mock and log in with SCRAM-SHA-1", function()
		start_mock()
		client = mongo.client { host = "127.0.0.1", port = port, username = "sky", password = "pw", authdb = "admin" }
		t.eq(client:runCommand("ping").ok, 1, "ping")
		t.eq(tostring(client), "[mongo client :	127.0.0.1:" .. port .. "]", "tostring")
		t.eq(client.admin:auth("sky", "wrong"), false, "a wrong password is refused")
		t.eq(client.admin:auth("sky", "pw"), true, "db:auth")
		coll = client.testdb.cats
		t.eq(tostring(coll), "[mongo collection :	testdb.cats]", "db.collection")
	end },
	{ "insert: safe, batch, fire-and-forget; a duplicate _id is a write error", function()
		local ok, err, r = coll:safe_insert { _id = 1, name = "bob", age = 3 }
		t.eq(ok, true, "safe_insert " .. tostring(err))
		t.eq(r.n, 1, "n")
		ok, err = coll:safe_insert { _id = 1, name = "dup" }
		t.eq(ok, false, "a duplicate")
		t.eq(err:find("E11000", 1, true) ~= nil, true, "its errmsg: " .. tostring(err))
		local docs = {}
		for i = 2, 9 do
			docs[#docs + 1] = { _id = i, name = "cat" .. i, age = i }
		end
		t.eq((coll:safe_batch_insert(docs)), true, "a batch")
		local fire = { name = "quiet", age = 100 }
		coll:insert(fire)
		t.eq(bson.type(fire._id), "objectid", "insert gives the document an _id")
		t.eq(coll:findOne({ name = "quiet" }).age, 100, "a fire-and-forget insert arrived")
	end },
	{ "find: a cursor over several batches, sort, skip, limit, projection, count", function()
		local cur = coll:find({ age = { ["$lt"] = 100 } }, { name = 1 }):sort { age = -1 }:batchSize(3)
		local names = {}
		while cur:hasNext() do
			local d = cur:next()
			names[#names + 1] = d.name
			t.eq(d.age, nil, "projected away")
		end
		t.eq(#names, 9, "all nine, through getMore")
		t.eq(names[1] .. "," .. names[9], "cat9,cat2", "sorted descending (bob is 3)")
		t.eq(cur:hasNext(), false, "exhausted")
		cur = coll:find({ age = { ["$lt"] = 100 } }):sort({ age = 1 }):skip(2):limit(4)
		local ages = {}
		while cur:hasNext() do
			ages[#ages + 1] = cur:next().age
		end
		t.eq(table.concat(ages, ","), "3,4,5,6", "skip and limit (bob and cat3 are both 3)")
		t.eq(coll:find({ age = { ["$gt"] = 5 } }):count(), 5, "count (the quiet one too)")
		t.eq(coll:find({ age = { ["$gt"] = 5 } }):limit(2):count(true), 2, "count with limit")
		t.raises(function() coll:find({}):next() end, "Call	hasNext	first")
		local open = coll:find({}):batchSize(2)
		t.eq(open:hasNext(), true, "a first batch")
		open:close() -- killCursors, no reply awaited
		t.eq(open.__cursor, nil, "closed")
	end },
	{ "update and delete, safe and not; findAndModify", function()
		local ok, _, r = coll:safe_update({ name = "bob" }, { ["$set"] = { age = 4 } })
		t.eq(ok, true, "safe_update")
		t.eq(r.nModified, 1, "one modified")
		coll:update({ name = "nobody" }, { ["$set"] = { age = 1 } }, true) -- upsert, no reply
		t.eq(coll:findOne({ name = "nobody" }).age, 1, "the upsert arrived")
		t.eq(select(3, coll:safe_update({ age = { ["$lt"] = 5 } }, { ["$inc"] = { age = 10 } }, false, true)).n,
			5, "multi: bob, cat2-4, nobody")
		local r2 = coll:findAndModify { query = { name = "bob" }, update = { ["$inc"] = { age = 1 } }, new = true }
		t.eq(r2.value.age, 15, "findAndModify returns the new document")
		ok, _, r = coll:safe_delete({ name = "nobody" }, true)
		t.eq(r.n, 1, "safe_delete")
		coll:delete { name = "quiet" }
		t.eq(coll:findOne { name = "quiet" }, nil, "the delete arrived")
		t.eq(coll:find({}):count(), 9, "nine left")
	end },
	{ "errors: a failed command's reply, findOne's error, drop", function()
		local r = client.testdb:runCommand("noSuchCommand")
		t.eq(r.ok, 0, "not ok")
		t.eq(r.errmsg, "no such command: 'noSuchCommand'", "errmsg")
		t.eq(coll:drop().ok, 1, "drop")
		t.eq(coll:drop().errmsg, "ns not found", "drop again")
		local cur = coll:find({})
		cur.__data, cur.__cursor, cur.__ptr = {}, 424242, nil -- as after a batch, for a cursor the server lost
		t.raises(function() cur:hasNext() end, "cursor id 424242 not found")
	end },
	{ "hostile replies: an old opcode, a lying section; the client reconnects", function()
		t.raises(function() client.testdb:runCommand("junkOpcode") end, "Unsupported opcode:1")
		t.raises(function() client.testdb:runCommand("junkSections") end, "Unsupported OP_MSG reply: >1 section")
		t.eq(client:runCommand("ping").ok, 1, "usable after reconnecting")
	end },
	{ "stop the mock: a request raises", function()
		stop_mock()
		t.eq(pcall(client.runCommand, client, "ping"), false, "no server")
		client:disconnect()
	end },
	{ "cleanup", function()
		stop_mock()
	end },
})
