-- mysql_fake: skynet.db.mysql against a server of the program's own speaking the MySQL wire protocol with canned answers:
-- the handshake (what the client sends back: flags, charset, user, the scrambled token, the database), a result set with
-- numbers, strings, NULLs and a type it does not convert, compact arrays, an OK with affected rows and a message, an
-- error with and without a SQL state, two results at once (multiresultset), ping, the server hanging up under a query,
-- server_ver, quote_sql_str and a refused connect.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mysql = require "skynet.db.mysql"
local log = skynet.error

local function dump(v)
	if type(v) ~= "table" then
		return type(v) == "string" and string.format("%q", v) or tostring(v)
	end
	local keys = {}
	for k in pairs(v) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local out = {}
	for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. dump(v[k]) end
	return "{" .. table.concat(out, ",") .. "}"
end

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function lstr(s)
	if s == nil then return "\251" end
	return string.char(#s) .. s
end

local function packet(seq, body)
	return string.pack("<I3B", #body, seq) .. body
end

local function column(name, typ)
	return lstr("def") .. lstr("db") .. lstr("t") .. lstr("t") .. lstr(name) .. lstr(name)
		.. "\12" .. string.pack("<I2I4BI2B", 33, 11, typ, 0, 0) .. "\0\0"
end

local EOF = "\254\0\0\2\0"
local EOF_MORE = "\254\0\0\10\0"

local function result_set(seq, cols, rows, last_eof)
	local out = { packet(seq, string.char(#cols)) }
	for _, c in ipairs(cols) do
		seq = seq + 1
		out[#out + 1] = packet(seq, column(c[1], c[2]))
	end
	seq = seq + 1
	out[#out + 1] = packet(seq, EOF)
	for _, r in ipairs(rows) do
		seq = seq + 1
		local body = {}
		for i = 1, #cols do body[i] = lstr(r[i]) end
		out[#out + 1] = packet(seq, table.concat(body))
	end
	seq = seq + 1
	out[#out + 1] = packet(seq, last_eof or EOF)
	return table.concat(out), seq
end

local function ok(seq, affected, insert_id, status, msg)
	return packet(seq, "\0" .. string.char(affected, insert_id) .. string.pack("<I2I2", status, 0) .. (msg or ""))
end

local answers = {
	["select rows"] = function()
		return (result_set(1, { { "id", 3 }, { "name", 253 }, { "big", 8 }, { "price", 246 }, { "when", 12 } }, {
			{ "1", "alice", "9007199254740993", "1.50", "2020-01-02 03:04:05" },
			{ "2", nil, "-4", nil, nil },
		}))
	end,
	["select empty"] = function()
		return (result_set(1, { { "x", 3 } }, {}))
	end,
	["insert"] = function() return ok(1, 3, 7, 2, "Records: 3") end,
	["update"] = function() return ok(1, 0, 0, 2) end,
	["bad"] = function() return packet(1, "\255" .. string.pack("<I2", 1064) .. "#42000You have an error") end,
	["bad nostate"] = function() return packet(1, "\255" .. string.pack("<I2", 2013) .. "Lost") end,
	["multi"] = function()
		local first = ok(1, 1, 0, 8)
		local second = result_set(2, { { "n", 3 } }, { { "5" } })
		return first .. second
	end,
	["multi bad"] = function()
		return ok(1, 1, 0, 8) .. packet(2, "\255" .. string.pack("<I2", 1146) .. "#42S02Table missing")
	end,
}

local function serve(id)
	socket.start(id)
	local scramble = "abcdefgh" .. "ijklmnopqrst"
	local hello = "\10" .. "5.7.99-fake\0" .. string.pack("<I4", 12) .. scramble:sub(1, 8) .. "\0"
		.. string.pack("<I2BI2I2B", 0xf7ff, 33, 2, 0x81ff, 21) .. string.rep("\0", 10) .. scramble:sub(9) .. "\0"
		.. "mysql_native_password\0"
	socket.write(id, packet(0, hello))
	local head = socket.read(id, 4)
	local len, seq = string.unpack("<I3B", head)
	local body = socket.read(id, len)
	local flags, maxp, charset, pos = string.unpack("<I4I4B", body)
	pos = pos + 23
	local user, token, db
	user, pos = string.unpack("z", body, pos)
	token, pos = string.unpack("s1", body, pos)
	db = string.unpack("z", body, pos)
	log("login", seq, flags, maxp == 1024 * 1024, charset, user, hex(token), db)
	socket.write(id, ok(seq + 1, 0, 0, 2))
	while true do
		head = socket.read(id, 4)
		if not head then log("server: client gone") return end
		len, seq = string.unpack("<I3B", head)
		body = socket.read(id, len)
		local cmd, text = body:byte(1), body:sub(2)
		log("server got", seq, cmd, text)
		if cmd == 14 then
			socket.write(id, ok(1, 0, 0, 2))
		elseif cmd == 1 then
			socket.close(id)
			return
		elseif text == "hangup" then
			socket.close(id)
			return
		else
			socket.write(id, answers[text]())
		end
	end
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id) skynet.fork(serve, id) end)
	local db = mysql.connect {
		host = "127.0.0.1", port = port, database = "game", user = "root", password = "secret",
		charset = "utf8mb4", max_packet_size = 1024 * 1024,
		on_connect = function(d) log("on_connect", d:server_ver()) end,
	}
	log("server_ver", db:server_ver())
	log("select rows", dump(db:query("select rows")))
	log("select empty", dump(db:query("select empty")))
	log("insert", dump(db:query("insert")))
	log("update", dump(db:query("update")))
	log("bad", dump(db:query("bad")))
	log("bad nostate", dump(db:query("bad nostate")))
	log("multi", dump(db:query("multi")))
	log("multi bad", dump(db:query("multi bad")))
	log("ping", dump(db:ping()))
	db:set_compact_arrays(true)
	log("compact", dump(db:query("select rows")))
	db:set_compact_arrays(false)
	log("hangup", pcall(db.query, db, "hangup"))
	log("after hangup", dump(db:query("insert")))
	log("quote", mysql.quote_sql_str("a'b\"c\\d\0e\nf\r\t\26g"))
	db:disconnect()
	skynet.sleep(5)
	log("refused", pcall(mysql.connect, { host = "127.0.0.1", port = 1, user = "u" }))
	skynet.sleep(10)
	skynet.abort()
end)
