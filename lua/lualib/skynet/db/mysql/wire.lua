-- skynet.db.mysql.wire: MySQL/MariaDB client-protocol packets: framing, length-encoded
-- values, OK/ERR/EOF packets, column definitions and text-protocol rows.
--
-- Every reader checks the bytes it takes against the packet it reads from, so a short or
-- lying packet raises "mysql: malformed packet: ..." instead of returning garbage.
-- Protocol reference: https://mariadb.com/kb/en/clientserver-protocol/
local wire = {}

local function malformed(what)
	error("mysql: malformed packet: " .. what, 0)
end
wire.malformed = malformed

-- string.unpack that names the problem when the packet is too short.
local function unpack(fmt, data, pos, what)
	local r = table.pack(pcall(string.unpack, fmt, data, pos))
	if not r[1] then
		malformed(what or "truncated")
	end
	return table.unpack(r, 2, r.n)
end
wire.unpack = unpack

----------------------------------------------------------------------
-- framing: 3-byte little-endian length, 1-byte sequence number, payload
----------------------------------------------------------------------

local MAX_PAYLOAD = 0xffffff -- a payload this long continues in the next packet

-- conn.packet_no follows the server's sequence so our next packet numbers after it.
function wire.compose(conn, payload)
	conn.packet_no = (conn.packet_no + 1) & 0xff
	return string.pack("<I3B", #payload, conn.packet_no) .. payload
end

-- A command starts a new sequence at 0.
function wire.command(conn, payload)
	conn.packet_no = -1
	return wire.compose(conn, payload)
end

-- Read one logical packet -> payload, kind ("OK", "ERR", "EOF" or "DATA").
function wire.recv(conn, sock)
	local parts = {}
	repeat
		local len, seq = string.unpack("<I3B", sock:read(4))
		conn.packet_no = seq
		parts[#parts + 1] = len > 0 and sock:read(len) or ""
	until len < MAX_PAYLOAD
	local data = table.concat(parts)
	if data == "" then
		malformed("empty packet")
	end
	local first = data:byte(1)
	local kind = "DATA"
	if first == 0x00 then
		kind = "OK"
	elseif first == 0xff then
		kind = "ERR"
	elseif first == 0xfe and #data < 9 then
		-- 0xfe also starts a row whose first value is a long string: only a short packet is EOF
		kind = "EOF"
	end
	return data, kind
end

----------------------------------------------------------------------
-- length-encoded integers and strings
----------------------------------------------------------------------

-- -> integer or nil (0xfb: SQL NULL), next position.
function wire.lenenc_int(data, pos)
	local first = data:byte(pos)
	if not first then
		malformed("truncated length")
	end
	if first < 0xfb then
		return first, pos + 1
	elseif first == 0xfb then
		return nil, pos + 1
	elseif first == 0xfc then
		return unpack("<I2", data, pos + 1)
	elseif first == 0xfd then
		return unpack("<I3", data, pos + 1)
	elseif first == 0xfe then
		return unpack("<I8", data, pos + 1)
	end
	malformed("bad length byte 0xff")
end

function wire.lenenc_str(data, pos)
	local len
	len, pos = wire.lenenc_int(data, pos)
	if len == nil then
		return nil, pos
	end
	if len < 0 or pos + len - 1 > #data then
		malformed("string of " .. len .. " bytes overruns the packet")
	end
	return data:sub(pos, pos + len - 1), pos + len
end

function wire.encode_lenenc(n)
	if n < 0xfb then
		return string.char(n)
	elseif n < 1 << 16 then
		return string.pack("<BI2", 0xfc, n)
	elseif n < 1 << 24 then
		return string.pack("<BI3", 0xfd, n)
	end
	return string.pack("<BI8", 0xfe, n)
end

----------------------------------------------------------------------
-- OK, ERR, EOF
----------------------------------------------------------------------

wire.SERVER_MORE_RESULTS_EXISTS = 0x0008

-- -> { affected_rows, insert_id, server_status, warning_count [, message] }
function wire.ok_packet(data)
	local res, pos = {}, 2
	res.affected_rows, pos = wire.lenenc_int(data, pos)
	res.insert_id, pos = wire.lenenc_int(data, pos)
	res.server_status, res.warning_count, pos = unpack("<I2I2", data, pos, "truncated OK packet")
	if pos <= #data then
		res.message = data:sub(pos)
	end
	return res
end

-- -> errno, message, sqlstate (nil when the packet has no '#' marker)
function wire.err_packet(data)
	local errno, pos = unpack("<I2", data, 2, "truncated ERR packet")
	local sqlstate
	if data:sub(pos, pos) == "#" then
		sqlstate = data:sub(pos + 1, pos + 5)
		pos = pos + 6
	end
	return errno, data:sub(pos), sqlstate
end

-- -> warning_count, status_flags
function wire.eof_packet(data)
	if #data < 5 then
		return 0, 0 -- a bare 0xfe (old servers): no flags
	end
	return string.unpack("<I2I2", data, 2)
end

----------------------------------------------------------------------
-- column definitions and text rows
----------------------------------------------------------------------

local UNSIGNED_FLAG = 0x20

-- -> { name =, type =, is_signed = true|nil }, the fields skynet's driver gives
function wire.column(data)
	local pos = 1
	local name
	for i = 1, 6 do -- catalog, schema, table, org_table, name, org_name
		local s
		s, pos = wire.lenenc_str(data, pos)
		if i == 5 then
			name = s
		end
	end
	pos = pos + 1 -- the length of the fixed fields (always 0x0c)
	local _, _, typ, flags = unpack("<I2I4BI2", data, pos, "truncated column definition")
	return { name = name, type = typ, is_signed = flags & UNSIGNED_FLAG == 0 or nil }
end

-- Text values of numeric column types become Lua numbers; the rest stay strings.
local numeric = {
	[0x01] = true, [0x02] = true, [0x03] = true, [0x04] = true, [0x05] = true, -- tiny..double
	[0x08] = true, [0x09] = true, [0x0d] = true, [0xf6] = true, -- longlong, int24, year, newdecimal
}
wire.numeric = numeric

-- A text-protocol row: keyed by column name, or by position when compact.
function wire.text_row(data, cols, compact)
	local row, pos = {}, 1
	for i, col in ipairs(cols) do
		local v
		v, pos = wire.lenenc_str(data, pos)
		if v ~= nil and numeric[col.type] then
			v = tonumber(v)
		end
		row[compact and i or col.name] = v
	end
	return row
end

return wire
