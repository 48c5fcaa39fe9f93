-- skynet.db.mysql: a MySQL/MariaDB client on skynet.socketchannel (order mode).
--
-- mysql.connect(opts) -> db logs in with mysql_native_password (SHA-1 from skynet.crypt).
-- db:query(sql) returns rows, an OK table, { badresult = true, err, errno, sqlstate }, or
-- for several statements { res1, res2, ..., multiresultset = true }. db:prepare / execute /
-- stmt_reset / stmt_close speak the binary protocol. Names, arguments, result shapes and
-- error texts follow skynet's lualib/skynet/db/mysql.lua.
local socketchannel = require "skynet.socketchannel"
local crypt = require "skynet.crypt"
local wire = require "skynet.db.mysql.wire"
local binary = require "skynet.db.mysql.binary"

local mysql = { _VERSION = "0.14" }
local mt = { __index = mysql }

local COM_QUERY, COM_PING = "\x03", "\x0e"
local COM_STMT_PREPARE, COM_STMT_CLOSE, COM_STMT_RESET = "\x16", 0x19, 0x1a

-- Character set ids the server knows (its default collation of each).
local CHARSET = {
	_default = 0, big5 = 1, dec8 = 3, cp850 = 4, hp8 = 6, koi8r = 7, latin1 = 8, latin2 = 9,
	swe7 = 10, ascii = 11, ujis = 12, sjis = 13, hebrew = 16, tis620 = 18, euckr = 19,
	koi8u = 22, gb2312 = 24, greek = 25, cp1250 = 26, gbk = 28, latin5 = 30, armscii8 = 32,
	utf8 = 33, ucs2 = 35, cp866 = 36, keybcs2 = 37, macce = 38, macroman = 39, cp852 = 40,
	latin7 = 41, utf8mb4 = 45, cp1251 = 51, utf16 = 54, utf16le = 56, cp1256 = 57,
	cp1257 = 59, utf32 = 60, binary = 63, geostd8 = 92, cp932 = 95, eucjpms = 97, gb18030 = 248,
}

----------------------------------------------------------------------
-- login
----------------------------------------------------------------------

-- mysql_native_password: SHA1(pw) xor SHA1(scramble .. SHA1(SHA1(pw))); empty for no password.
local function native_token(password, scramble)
	if password == "" then
		return ""
	end
	local stage1 = crypt.sha1(password)
	local mask = crypt.sha1(scramble .. crypt.sha1(stage1))
	return crypt.xor_str(stage1, mask)
end

-- skynet's capability set: protocol 4.1, secure connection, transactions, multi-statements
-- and multi-results, connect with a database... but not LOCAL_FILES (0x80): a server's
-- LOAD DATA LOCAL request would read a client file, which this driver never serves.
local CLIENT_FLAGS = 260047 & ~0x80

local function server_error(data)
	local errno, msg, sqlstate = wire.err_packet(data)
	return string.format("errno:%d, msg:%s,sqlstate:%s", errno, msg, sqlstate)
end

-- Read a login-phase packet: ERR raises skynet's "errno:..., msg:...,sqlstate:..." text.
local function login_reader(self)
	return function(sock)
		local data, kind = wire.recv(self, sock)
		if kind == "ERR" then
			return false, server_error(data)
		elseif kind == "EOF" then
			return false, "old pre-4.1 authentication protocol not supported"
		end
		return true, data
	end
end

-- The server's greeting (protocol 10) -> version, scramble (20 bytes).
local function parse_greeting(self, data)
	if data:byte(1) ~= 10 then
		wire.malformed("handshake protocol " .. tostring(data:byte(1)) .. ", want 10")
	end
	local version, pos = wire.unpack("z", data, 2, "bad handshake initialization packet: bad server version")
	local _, part1
	_, part1, pos = wire.unpack("<I4c8", data, pos, "1st part of scramble not found")
	pos = pos + 1 -- filler
	local caps_low, lang, status, caps_high
	caps_low, lang, status, caps_high, pos = wire.unpack("<I2BI2I2", data, pos, "truncated handshake")
	self._server_capabilities = caps_low | caps_high << 16
	self._server_lang, self._server_status = lang, status
	pos = pos + 1 + 10 -- auth data length, reserved
	local part2 = data:sub(pos, pos + 11) -- 12 bytes, then a 0
	if #part2 < 12 then
		wire.malformed("2nd part of scramble not found")
	end
	return version, part1 .. part2
end

-- A charset the map lacks: skynet's login builds its packet with string.char(nil) and so fails (its auth,
-- and the connect) with `mysql.lua:N: bad argument #1 to 'strchar' (number expected, got nil)`; the same
-- call, compiled under this file's name (our bytecode keeps no local names), says the same.
local function unknown_charset()
	assert(load("local strchar = string.char\nreturn strchar(nil)", debug.getinfo(1, "S").source))()
end

local function login(self, user, password, charset, database, on_connect)
	return function(channel)
		local read = login_reader(self)
		local greeting = channel:response(read)
		self.protocol_ver = greeting:byte(1)
		local version, scramble = parse_greeting(self, greeting)
		self._server_ver = version
		if not charset then
			unknown_charset()
		end
		local reply = string.pack("<I4I4B", CLIENT_FLAGS, self._max_packet_size, charset)
			.. string.rep("\0", 23)
			.. string.pack("zs1z", user, native_token(password, scramble), database)
		channel:request(wire.compose(self, reply), read)
		if on_connect then
			on_connect(self)
		end
	end
end

function mysql.connect(opts)
	local self = setmetatable({ packet_no = 0 }, mt)
	self._max_packet_size = opts.max_packet_size or 1024 * 1024
	self.compact = opts.compact_arrays
	local charset = CHARSET[opts.charset or "_default"] -- nil for one it does not know: the login fails
	self.sockchannel = socketchannel.channel {
		host = opts.host,
		port = opts.port or 3306,
		auth = login(self, opts.user or "", opts.password or "", charset, opts.database or "", opts.on_connect),
		overload = opts.overload,
	}
	self.sockchannel:connect(true) -- one attempt now; later requests reconnect
	return self
end

function mysql.disconnect(self)
	self.sockchannel:close()
	setmetatable(self, nil)
end

----------------------------------------------------------------------
-- results: one result set, or OK, or an error; "again" when another follows
----------------------------------------------------------------------

local function more(status)
	return status & wire.SERVER_MORE_RESULTS_EXISTS ~= 0
end

-- Column definitions up to their EOF.
local function read_columns(self, sock, count)
	local cols = {}
	while true do
		local data, kind = wire.recv(self, sock)
		if kind == "EOF" then
			break
		elseif kind == "ERR" then
			local errno, msg, sqlstate = wire.err_packet(data)
			return nil, msg, errno, sqlstate
		end
		cols[#cols + 1] = wire.column(data)
		if count and #cols > count then
			wire.malformed("more column definitions than the " .. count .. " announced")
		end
	end
	return cols
end

-- One result: -> res [, "again"] or nil, err, errno, sqlstate. parse_row decodes a row.
local function read_result(self, sock, parse_row)
	local data, kind = wire.recv(self, sock)
	if kind == "ERR" then
		local errno, msg, sqlstate = wire.err_packet(data)
		return nil, msg, errno, sqlstate
	elseif kind == "OK" then
		local res = wire.ok_packet(data)
		return res, more(res.server_status) and "again" or nil
	elseif kind ~= "DATA" then
		return nil, "packet type " .. kind .. " not supported"
	end
	local count = wire.lenenc_int(data, 1)
	if not count then
		wire.malformed("result set without a column count")
	end
	local cols, err, errno, sqlstate = read_columns(self, sock, count)
	if not cols then
		return nil, err, errno, sqlstate
	end
	local rows, compact = {}, self.compact
	while true do
		data, kind = wire.recv(self, sock)
		if kind == "EOF" then
			local _, status = wire.eof_packet(data)
			return rows, more(status) and "again" or nil
		elseif kind == "ERR" then -- the statement failed part way (killed, timed out)
			errno, err, sqlstate = wire.err_packet(data)
			return nil, err, errno, sqlstate
		end
		rows[#rows + 1] = parse_row(data, cols, compact)
	end
end

local function bad(into, err, errno, sqlstate)
	into.badresult, into.err, into.errno, into.sqlstate = true, err, errno, sqlstate
	return into
end

-- A reader for every result of one command; `multi_key` names the flag of a
-- multi-result table ("multiresultset"; skynet's execute spells it "mulitresultset").
local function results_reader(self, parse_row, multi_key)
	return function(sock)
		local res, err, errno, sqlstate = read_result(self, sock, parse_row)
		if not res then
			return true, bad({}, err, errno, sqlstate)
		end
		if err ~= "again" then
			return true, res
		end
		local all = { res, [multi_key] = true }
		while err == "again" do
			res, err, errno, sqlstate = read_result(self, sock, parse_row)
			if not res then
				return true, bad(all, err, errno, sqlstate)
			end
			all[#all + 1] = res
		end
		return true, all
	end
end

local function query_reader(self)
	self.query_resp = self.query_resp or results_reader(self, wire.text_row, "multiresultset")
	return self.query_resp
end

function mysql.query(self, sql)
	return self.sockchannel:request(wire.command(self, COM_QUERY .. sql), query_reader(self))
end

function mysql.ping(self)
	return self.sockchannel:request(wire.command(self, COM_PING), query_reader(self))
end

----------------------------------------------------------------------
-- prepared statements
----------------------------------------------------------------------

-- -> { prepare_id, field_count, param_count, warning_count, params, fields } or a badresult.
local function prepare_reader(self)
	return function(sock)
		local data, kind = wire.recv(self, sock)
		if kind == "ERR" then
			local errno, msg, sqlstate = wire.err_packet(data)
			return true, bad({}, msg, errno, sqlstate)
		elseif kind ~= "OK" then
			-- the stream is out of step: raising closes the connection
			error("first typ must be OK,now" .. kind, 0)
		end
		local resp = {}
		resp.prepare_id, resp.field_count, resp.param_count, resp.warning_count =
			wire.unpack("<I4I2I2xI2", data, 2, "truncated prepare reply")
		resp.params, resp.fields = {}, {}
		if resp.param_count > 0 then
			resp.params = assert(read_columns(self, sock, resp.param_count))
		end
		if resp.field_count > 0 then
			resp.fields = assert(read_columns(self, sock, resp.field_count))
		end
		return true, resp
	end
end

function mysql.prepare(self, sql)
	self.prepare_resp = self.prepare_resp or prepare_reader(self)
	return self.sockchannel:request(wire.command(self, COM_STMT_PREPARE .. sql), self.prepare_resp)
end

-- execute(stmt, ...): one argument per '?' (nil is NULL); rows come back decoded from the
-- binary protocol, so integers stay integers and dates are "YYYY-MM-DD hh:mm:ss".
function mysql.execute(self, stmt, ...)
	local payload = binary.execute_payload(stmt, table.pack(...))
	self.execute_resp = self.execute_resp or results_reader(self, binary.row, "mulitresultset")
	return self.sockchannel:request(wire.command(self, payload), self.execute_resp)
end

function mysql.stmt_reset(self, stmt)
	local payload = string.pack("<BI4", COM_STMT_RESET, stmt.prepare_id)
	return self.sockchannel:request(wire.command(self, payload), query_reader(self))
end

-- The server sends nothing back for a close.
function mysql.stmt_close(self, stmt)
	local payload = string.pack("<BI4", COM_STMT_CLOSE, stmt.prepare_id)
	return self.sockchannel:request(wire.command(self, payload))
end

----------------------------------------------------------------------
-- the rest
----------------------------------------------------------------------

function mysql.server_ver(self)
	return self._server_ver
end

function mysql.set_compact_arrays(self, value)
	self.compact = value
end

local ESCAPES = {
	["\0"] = "\\0", ["\b"] = "\\b", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
	["\26"] = "\\Z", ["\\"] = "\\\\", ["'"] = "\\'", ['"'] = '\\"',
}

-- A string literal for SQL text: quoted, with the characters MySQL escapes escaped.
function mysql.quote_sql_str(str)
	return "'" .. string.gsub(str, "[%z\b\n\r\t\26\\'\"]", ESCAPES) .. "'"
end

return mysql
