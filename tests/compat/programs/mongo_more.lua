-- mongo_more: more of skynet.db.mongo against the OP_MSG server of mongo_fake: a replica set list whose
-- first host refuses, collections of collections (db.a.b), raw_safe_insert/update/delete with bson documents,
-- insert_many and safe_insert_many, bulkWrite, logout, db:auth at run time (MONGODB-CR), createIndexes with
-- names given, findAndModify with remove, cursor:close before and after, a count with hint and maxTimeMS,
-- and mongo.enable of a plug-in that is not there.
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
