-- mysql_stmt: skynet.db.mysql's prepared statements against a server of the program's own: what prepare reads
-- (the statement id, its parameters' and columns' definitions), the bytes execute sends for integers, floats,
-- strings, booleans and nils (the NULL bitmap, the types), binary rows of every type skynet decodes (signed and
-- unsigned integers of 1, 2, 4 and 8 bytes, float, double, strings, dates of 4 and 7 bytes), NULL columns,
-- compact arrays, an execute answered with OK, with an error, with two results; a wrong argument count, an
-- argument of a type it cannot send, a prepare the server refuses, stmt_reset and stmt_close; a connect with
-- a charset it does not know.
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
	-- digits as letters (0 -> a), so that the compat masks keep numbers and dates
	return (("{" .. table.concat(out, ",") .. "}"):gsub("%d", function(d) return string.char(97 + d) end))
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

local function column(name, typ, flags)
	return lstr("def") .. lstr("db") .. lstr("t") .. lstr("t") .. lstr(name) .. lstr(name)
		.. "\12" .. string.pack("<I2I4BI2B", 33, 11, typ, flags or 0, 0) .. "\0\0"
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


local function eof(status) return "\254\0\0" .. string.pack("<I2", status or 2) end

-- PREPARE_OK, then the parameters' and the columns' definitions, each list closed by an EOF.
local function prepare_ok(id, params, cols)
	local seq = 1
	local out = { packet(seq, "\0" .. string.pack("<I4I2I2BI2", id, #cols, #params, 0, 0)) }
	for _, list in ipairs { params, cols } do
		if #list > 0 then
			for _, c in ipairs(list) do
				seq = seq + 1
				out[#out + 1] = packet(seq, column(c[1], c[2], c[3]))
			end
			seq = seq + 1
			out[#out + 1] = packet(seq, eof())
		end
	end
	return table.concat(out)
end

-- A binary result set: rows are lists of encoded values, false for NULL.
local function binary_rows(cols, rows, status)
	local seq = 1
	local out = { packet(seq, string.char(#cols)) }
	for _, c in ipairs(cols) do
		seq = seq + 1
		out[#out + 1] = packet(seq, column(c[1], c[2], c[3]))
	end
	seq = seq + 1
	out[#out + 1] = packet(seq, eof())
	for _, r in ipairs(rows) do
		local bitmap = {}
		for i = 1, (#cols + 9) // 8 do bitmap[i] = 0 end
		local values = {}
		for i = 1, #cols do
			if r[i] == false then
				local bit = i + 1
				bitmap[bit // 8 + 1] = bitmap[bit // 8 + 1] | (1 << (bit % 8))
			else
				values[#values + 1] = r[i]
			end
		end
		seq = seq + 1
		out[#out + 1] = packet(seq, "\0" .. string.char(table.unpack(bitmap)) .. table.concat(values))
	end
	seq = seq + 1
	out[#out + 1] = packet(seq, eof(status))
	return table.concat(out), seq
end

local COLS = {
	{ "t", 1 }, { "tu", 1, 32 }, { "s", 2 }, { "su", 2, 32 }, { "l", 3 }, { "lu", 3, 32 }, { "ll", 8 },
	{ "f", 4 }, { "d", 5 }, { "name", 253 }, { "blob", 252 }, { "when", 12 }, { "day", 10 }, { "stamp", 7 },
}
local ROW = {
	"\255", "\255", string.pack("<i2", -2), string.pack("<I2", 65535), string.pack("<i4", -3),
	string.pack("<I4", 4000000000), string.pack("<i8", -9007199254740993), string.pack("<f", 1.5),
	string.pack("<d", -2.25), lstr("ann"), lstr("\0\1"), "\7" .. string.pack("<I2BBBBB", 2020, 1, 2, 3, 4, 5),
	"\4" .. string.pack("<I2BB", 1999, 12, 31), "\4" .. string.pack("<I2BB", 2001, 2, 3),
}
local NULLS = { false, "\1", false, string.pack("<I2", 1), false, string.pack("<I4", 1), false, false, false,
	lstr(""), false, false, false, false }

local statements = {
	["select all"] = { 1, {}, COLS },
	["select by id"] = { 2, { { "?", 8 }, { "?", 253 } }, { { "id", 3 } } },
	["update"] = { 3, { { "?", 8 } }, {} },
	["five"] = { 4, { { "?", 8 }, { "?", 5 }, { "?", 253 }, { "?", 1 }, { "?", 6 } }, {} },
	["nine"] = { 5, { { "?", 8 }, { "?", 8 }, { "?", 8 }, { "?", 8 }, { "?", 8 }, { "?", 8 }, { "?", 8 },
		{ "?", 8 }, { "?", 8 } }, {} },
	["two results"] = { 6, {}, { { "n", 3 } } },
	["fails"] = { 7, {}, {} },
}

local function execute_answer(id)
	if id == 1 then
		return (binary_rows(COLS, { ROW, NULLS }))
	elseif id == 2 then
		return (binary_rows({ { "id", 3 } }, { { string.pack("<i4", 7) } }))
	elseif id == 6 then
		-- two results: the first's EOF says more results follow (status 10)
		local first = binary_rows({ { "n", 3 } }, { { string.pack("<i4", 1) } }, 10)
		return first .. binary_rows({ { "n", 3 } }, { { string.pack("<i4", 2) } })
	elseif id == 7 then
		return packet(1, "\255" .. string.pack("<I2", 1146) .. "#42S02Table missing")
	end
	return ok(1, 2, 0, 2)
end

local function serve(id)
	socket.start(id)
	local scramble = "abcdefgh" .. "ijklmnopqrst"
	local hello = "\10" .. "5.7.99-fake\0" .. string.pack("<I4", 12) .. scramble:sub(1, 8) .. "\0"
		.. string.pack("<I2BI2I2B", 0xf7ff, 33, 2, 0x81ff, 21) .. string.rep("\0", 10) .. scramble:sub(9) .. "\0"
		.. "mysql_native_password\0"
	socket.write(id, packet(0, hello))
	local head = socket.read(id, 4)
	if not head then return end -- a client that gave up before its login packet
	local len, seq = string.unpack("<I3B", head)
	socket.read(id, len)
	socket.write(id, ok(seq + 1, 0, 0, 2))
	while true do
		head = socket.read(id, 4)
		if not head then return end
		len, seq = string.unpack("<I3B", head)
		local body = socket.read(id, len)
		local cmd, rest = body:byte(1), body:sub(2)
		if cmd == 0x16 then
			log("server prepare", seq, rest)
			local st = statements[rest]
			if st then
				socket.write(id, prepare_ok(st[1], st[2], st[3]))
			else
				socket.write(id, packet(1, "\255" .. string.pack("<I2", 1064) .. "#42000You have an error"))
			end
		elseif cmd == 0x17 then
			local sid, flags, iter = string.unpack("<I4BI4", rest)
			log("server execute", seq, sid, flags, iter, hex(rest:sub(10)))
			socket.write(id, execute_answer(sid))
		elseif cmd == 0x1a then
			log("server reset", seq, string.unpack("<I4", rest))
			socket.write(id, ok(1, 0, 0, 2))
		elseif cmd == 0x19 then
			log("server close statement", seq, string.unpack("<I4", rest))
		elseif cmd == 1 then
			socket.close(id)
			return
		else
			log("server got", seq, cmd, rest)
			socket.write(id, ok(1, 0, 0, 2))
		end
	end
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(id) skynet.fork(serve, id) end)
	local db = mysql.connect { host = "127.0.0.1", port = port, database = "game", user = "root", password = "secret" }
	local all = db:prepare("select all")
	log("prepare", all.prepare_id, all.field_count, all.param_count, all.warning_count, #all.params, #all.fields,
		all.fields[2].name, all.fields[2].type, all.fields[2].is_signed)
	log("execute all", dump(db:execute(all)))
	db:set_compact_arrays(true)
	log("execute all compact", dump(db:execute(all)))
	db:set_compact_arrays(false)
	local by_id = db:prepare("select by id")
	log("execute by id", dump(db:execute(by_id, 7, "x")))
	log("execute by id nil", dump(db:execute(by_id, nil, nil)))
	log("execute wrong count", pcall(db.execute, db, by_id, 1))
	log("execute table", pcall(db.execute, db, by_id, 1, {}))
	local up = db:prepare("update")
	log("execute update", dump(db:execute(up, 2 ^ 53)))
	local five = db:prepare("five")
	log("execute five", dump(db:execute(five, -1, 0.5, "héllo", true, nil)))
	log("execute five again", dump(db:execute(five, math.maxinteger, -0.0, "", false, false)))
	local nine = db:prepare("nine")
	log("execute nine", dump(db:execute(nine, 1, nil, 3, nil, 5, nil, 7, nil, nil)))
	local two = db:prepare("two results")
	log("execute two results", dump(db:execute(two)))
	local fails = db:prepare("fails")
	log("execute fails", dump(db:execute(fails)))
	log("prepare refused", dump(db:prepare("no such thing")))
	log("stmt_reset", dump(db:stmt_reset(all)))
	log("stmt_close", dump(db:stmt_close(all)))
	log("ping after close", dump(db:ping()))
	db:disconnect()
	log("unknown charset", pcall(mysql.connect, { host = "127.0.0.1", port = port, user = "u", charset = "klingon" }))
	skynet.sleep(10)
	skynet.abort()
end)
