-- skynet.db.mysql.binary: the prepared-statement (binary) protocol: COM_STMT_EXECUTE's
-- parameters and the binary rows its result sets carry.
local wire = require "skynet.db.mysql.wire"

local unpack = wire.unpack

local binary = {}

-- skynet's prepared statements live in its mysql.lua, where these errors are raised; ours live here,
-- so they are raised through a function compiled under mysql.lua's chunk name, for the same position.
local mysql_source = debug.getinfo(1, "S").source:gsub("mysql/binary%.lua$", "mysql.lua")
local raise = assert(load("return function(msg) error(msg) end", mysql_source))()

local COM_STMT_EXECUTE = 0x17
local CURSOR_TYPE_NO_CURSOR = 0

----------------------------------------------------------------------
-- parameters: each Lua type maps to one MySQL type, as skynet's driver does
----------------------------------------------------------------------

local T_TINY, T_DOUBLE, T_NULL, T_LONGLONG, T_VARCHAR = 0x01, 0x05, 0x06, 0x08, 0x0f

-- -> type code, value bytes
local param_of = {
	number = function(v)
		local i = math.tointeger(v)
		if i then
			return T_LONGLONG, string.pack("<i8", i)
		end
		return T_DOUBLE, string.pack("<d", v)
	end,
	string = function(v)
		return T_VARCHAR, wire.encode_lenenc(#v) .. v
	end,
	boolean = function(v)
		return T_TINY, v and "\1" or "\0"
	end,
	["nil"] = function()
		return T_NULL, ""
	end,
}

-- args is table.pack(...) so trailing nils count as parameters.
function binary.execute_payload(stmt, args)
	local n = args.n
	if n ~= stmt.param_count then
		raise("require stmt.param_count " .. stmt.param_count .. " get arg_num " .. n)
	end
	local head = string.pack("<BI4BI4", COM_STMT_EXECUTE, stmt.prepare_id, CURSOR_TYPE_NO_CURSOR, 1)
	if n == 0 then
		return head
	end
	local nulls, types, values = {}, {}, {}
	for byte = 1, (n + 7) // 8 do
		nulls[byte] = 0
	end
	for i = 1, n do
		local v = args[i]
		local encode = param_of[type(v)]
		if not encode then
			raise("invalid parameter type " .. type(v))
		end
		if v == nil then
			local byte = (i - 1) // 8 + 1
			nulls[byte] = nulls[byte] | 1 << ((i - 1) % 8)
		end
		local code, bytes = encode(v)
		types[i] = string.pack("<I2", code)
		values[i] = bytes
	end
	-- the 1 before the types: "new params bound", the types follow (every execute sends them)
	return head .. string.char(table.unpack(nulls)) .. "\1" .. table.concat(types) .. table.concat(values)
end

----------------------------------------------------------------------
-- binary rows
----------------------------------------------------------------------

local function integer(size)
	local signed, unsigned = "<i" .. size, "<I" .. size
	return function(data, pos, is_signed)
		return unpack(is_signed and signed or unsigned, data, pos)
	end
end

-- DATETIME / TIMESTAMP: a length (0, 4, 7 or 11) then the parts that are not zero.
local function datetime(data, pos)
	local len
	len, pos = wire.lenenc_int(data, pos)
	local y, mo, d, h, mi, s, us = 0, 0, 0, 0, 0, 0, 0
	if len == 4 then
		y, mo, d, pos = unpack("<I2BB", data, pos)
	elseif len == 7 then
		y, mo, d, h, mi, s, pos = unpack("<I2BBBBB", data, pos)
	elseif len == 11 then
		y, mo, d, h, mi, s, us, pos = unpack("<I2BBBBBI4", data, pos)
	elseif len ~= 0 then
		wire.malformed("datetime of length " .. tostring(len))
	end
	local text = string.format("%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s)
	if us ~= 0 then
		text = text .. string.format(".%06d", us)
	end
	return text, pos
end

local function date(data, pos)
	local len
	len, pos = wire.lenenc_int(data, pos)
	if len == 0 then
		return "0000-00-00", pos
	elseif len ~= 4 then
		raise("_get_date()error,unsupported date format, len is " .. tostring(len))
	end
	local y, mo, d
	y, mo, d, pos = unpack("<I2BB", data, pos)
	return string.format("%04d-%02d-%02d", y, mo, d), pos
end

-- TIME: a length (0, 8 or 12), sign, days, hours, minutes, seconds [, microseconds].
local function time(data, pos)
	local len
	len, pos = wire.lenenc_int(data, pos)
	local neg, days, h, mi, s, us = 0, 0, 0, 0, 0, 0
	if len == 8 then
		neg, days, h, mi, s, pos = unpack("<BI4BBB", data, pos)
	elseif len == 12 then
		neg, days, h, mi, s, us, pos = unpack("<BI4BBBI4", data, pos)
	elseif len ~= 0 then
		wire.malformed("time of length " .. tostring(len))
	end
	local text = string.format("%s%02d:%02d:%02d", neg == 1 and "-" or "", days * 24 + h, mi, s)
	if us ~= 0 then
		text = text .. string.format(".%06d", us)
	end
	return text, pos
end

local function decimal(data, pos)
	local s
	s, pos = wire.lenenc_str(data, pos)
	return tonumber(s), pos
end

local value_of = {
	[0x01] = integer(1), -- TINY
	[0x02] = integer(2), -- SHORT
	[0x0d] = integer(2), -- YEAR
	[0x03] = integer(4), -- LONG
	[0x09] = integer(4), -- INT24: 4 bytes on the wire
	[0x08] = integer(8), -- LONGLONG
	[0x04] = function(data, pos) return unpack("<f", data, pos) end, -- FLOAT
	[0x05] = function(data, pos) return unpack("<d", data, pos) end, -- DOUBLE
	[0x07] = datetime, -- TIMESTAMP
	[0x0c] = datetime, -- DATETIME
	[0x0a] = date,
	[0x0b] = time,
	[0x00] = decimal, -- DECIMAL
	[0xf6] = decimal, -- NEWDECIMAL: a number, as in the text protocol
}
-- string-like types: a length-encoded string
for _, code in ipairs { 0x0f, 0x10, 0xf5, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff } do
	value_of[code] = wire.lenenc_str
end

-- A binary row: 0x00, a NULL bitmap offset by 2 bits, then the non-NULL values.
function binary.row(data, cols, compact)
	local ncols = #cols
	local bitmap_len = (ncols + 7 + 2) // 8
	if #data < 1 + bitmap_len then
		wire.malformed("truncated binary row")
	end
	local pos = 2 + bitmap_len
	local row = {}
	for i, col in ipairs(cols) do
		local bit = i + 1 -- the first two bits are reserved
		local is_null = data:byte(2 + bit // 8) & (1 << (bit % 8)) ~= 0
		if not is_null then
			local read = value_of[col.type]
			if not read then
				raise("_parse_row_data_binary()error,unsupported field type " .. col.type)
			end
			local v
			v, pos = read(data, pos, col.is_signed)
			row[compact and i or col.name] = v
		end
	end
	return row
end

return binary
