-- sproto.wire: sproto's encoding of one struct, both ways (the bytes are in docs/wire-formats.md).
-- It works on "type" tables that sproto.lua builds from a schema binary:
--   type  = { name = "Person", fields = { field, ... sorted by tag }, by_tag = { [tag] = field } }
--   field = { name, tag, kind = "integer"|"boolean"|"string"|"double"|"struct",
--             array = bool, st = type (struct kinds), decimal = 10^n (integer(n)),
--             key = field name (an array keyed by that field), map = bool (key -> value) }
-- Encoding raises on a value of the wrong type; decoding raises on bytes that do
-- not hold together, so that host:dispatch turns garbage into an error.
local spack, sunpack = string.pack, string.unpack
local concat = table.concat
local tointeger = math.tointeger

local wire = {}

-- "<I2I2...": a field count and n slots; made once per n.
local header_format = setmetatable({}, { __index = function(t, n)
	local f = "<I2" .. string.rep("I2", n)
	t[n] = f
	return f
end })

local encode_struct, decode_struct

-- How deep the struct being encoded or decoded is (0: the top one), reset by
-- each top-level call (an error may leave it anywhere). As skynet's sproto, a
-- struct with fields MAX_DEPTH levels down is refused, "The table is too deep".
-- Ours had no limit: a table inside itself ran until Lua's "stack overflow", and
-- 64 KiB of nested children decoded into 287 MB in 0.18 s, each level a copy of
-- the bytes below it (attack round 4).
local MAX_DEPTH = 64
local depth = 0

-- skynet's sproto raises these from C, positioned at the line that called it;
-- so ours at the first frame outside this file (sproto.lua, or the caller of
-- a tail call into it). Walked only when raising.
local function raise(msg)
	local level = 2
	while true do
		local info = debug.getinfo(level, "S")
		if info == nil then
			error(msg, 0)
		elseif not info.source:find("sproto/wire%.lua$") then
			error(msg, level)
		end
		level = level + 1
	end
end

-- A value of the wrong type, in skynet's words: type.field[index] (index 0
-- for a field that is not an array, else the element's, from 1).
local function fail(st, field, index, what, ...)
	raise(string.format("%s.%s[%d] " .. what, st.name, field.name, index, ...))
end

-- sproto keeps integers that fit 32 bits (signed) in 4 bytes, others in 8.
local function fits32(n)
	return n >= -0x80000000 and n <= 0x7fffffff
end

-- C's round(): halves go away from zero.
local function round(x)
	if x >= 0 then return math.floor(x + 0.5) else return -math.floor(-x + 0.5) end
end

-- A double (or a decimal) is read as C's lua_tonumber reads it in skynet's
-- sproto: a number, a string holding one, and 0 for anything else.
local function number_of(v)
	return tonumber(v) or 0
end

-- What a struct's fields are read from, as skynet's sproto reads them with
-- lua_getfield: a table or a userdata as it is, a string through the string
-- library (its metatable's __index), anything else fails as Lua's indexing
-- fails from C (no position, no variable name).
local string_fields = setmetatable({}, { __index = string })
local function fields_of(v)
	local t = type(v)
	if t == "table" or t == "userdata" then return v end
	if t == "string" then return string_fields end
	error("attempt to index a " .. t .. " value", 0)
end

local function integer_of(st, field, v, index)
	if field.decimal then
		return round(number_of(v) * field.decimal)
	end
	local n = tointeger(v)
	if not n then fail(st, field, index, "is not an integer (Is a %s)", type(v)) end
	return n
end

local function string_of(st, field, v, index)
	if type(v) ~= "string" then fail(st, field, index, "is not a string (Is a %s)", type(v)) end
	return v
end

local function struct_of(st, field, v)
	return encode_struct(field.st, v)
end

-- The elements of an array field, in the order they are written: 1..n for a plain
-- array; the table's own order for a keyed array or a map (sproto does the same).
local function elements(st, field, v)
	if type(v) ~= "table" then
		raise(string.format("%s.%s(1) should be a table or an userdata with metamethods (Is a %s)",
			st.name, field.name, type(v)))
	end
	local list = {}
	if field.map then
		local kname, vname = field.st.fields[1].name, field.st.fields[2].name
		for k, x in pairs(v) do list[#list + 1] = { [kname] = k, [vname] = x } end
	elseif field.key then
		for _, x in pairs(v) do list[#list + 1] = x end
	else
		for i = 1, #v do list[i] = v[i] end
	end
	return list
end

-- The data chunk of an array field (without its 4-byte size).
local function encode_array(st, field, v)
	local list = elements(st, field, v)
	if #list == 0 then return "" end
	local kind, out = field.kind, {}
	if kind == "integer" then
		local wide = false
		for i, x in ipairs(list) do
			list[i] = integer_of(st, field, x, i)
			if not fits32(list[i]) then wide = true end
		end
		local fmt = wide and "<i8" or "<i4"
		out[1] = wide and "\8" or "\4"
		for i, n in ipairs(list) do out[i + 1] = spack(fmt, n) end
	elseif kind == "double" then
		out[1] = "\8"
		for i, x in ipairs(list) do
			out[i + 1] = spack("<d", number_of(x))
		end
	elseif kind == "boolean" then
		for i, x in ipairs(list) do
			if type(x) ~= "boolean" then fail(st, field, i, "is not a boolean (Is a %s)", type(x)) end
			out[i] = x and "\1" or "\0"
		end
	else
		local one = kind == "string" and string_of or struct_of
		for i, x in ipairs(list) do out[i] = spack("<s4", one(st, field, x, i)) end
	end
	return concat(out)
end

-- Encodes table `t` as struct `st`: a field count, one 16-bit slot per field
-- (an inline value, a "skip" over missing tags, or 0 for "in the data part"),
-- then the data part. Fields are written in tag order; nil fields are left out.
function encode_struct(st, t)
	if depth >= MAX_DEPTH and #st.fields > 0 then raise("The table is too deep") end
	depth = depth + 1
	if #st.fields > 0 then t = fields_of(t) end
	local slots, data = {}, {}
	local lasttag = -1
	for _, field in ipairs(st.fields) do
		local v = t[field.name]
		if v ~= nil then
			local inline, chunk
			if field.array then
				chunk = encode_array(st, field, v)
			else
				local kind = field.kind
				if kind == "integer" then
					local n = integer_of(st, field, v, 0)
					if n >= 0 and n < 0x7fff then
						inline = n
					elseif fits32(n) then
						chunk = spack("<i4", n)
					else
						chunk = spack("<i8", n)
					end
				elseif kind == "boolean" then
					if type(v) ~= "boolean" then fail(st, field, 0, "is not a boolean (Is a %s)", type(v)) end
					inline = v and 1 or 0
				elseif kind == "double" then
					chunk = spack("<d", number_of(v))
				elseif kind == "string" then
					chunk = string_of(st, field, v, 0)
				else
					chunk = struct_of(st, field, v, 0)
				end
			end
			local gap = field.tag - lasttag - 1
			if gap > 0 then slots[#slots + 1] = (gap - 1) * 2 + 1 end
			if inline then
				slots[#slots + 1] = (inline + 1) * 2
			else
				slots[#slots + 1] = 0
				data[#data + 1] = spack("<s4", chunk)
			end
			lasttag = field.tag
		end
	end
	local header = spack(header_format[#slots], #slots, table.unpack(slots))
	depth = depth - 1
	return header .. concat(data)
end

-- Decoding. `bad` raises the one error that garbage produces.
-- skynet's words are only "decode error": what was wrong (why) is not said.
local function bad(st, why, ...)
	raise("decode error")
end

local function int_from(st, chunk)
	if #chunk == 4 then return (sunpack("<i4", chunk)) end
	if #chunk == 8 then return (sunpack("<i8", chunk)) end
	bad(st, "an integer of %d bytes", #chunk)
end

local function scalar(field, n)
	if field.decimal then return n / field.decimal end
	return n
end

-- The array in bytes[from .. to].
local function decode_array(st, field, bytes, from, to)
	local list = {}
	local kind = field.kind
	if from > to then
		-- an empty array
	elseif kind == "integer" or kind == "double" then
		local chunk = bytes:sub(from, to)
		local width = chunk:byte(1)
		local count = (#chunk - 1) // (width == 4 and 4 or 8)
		if (width ~= 4 and width ~= 8) or (#chunk - 1) % width ~= 0 then
			bad(st, "%s: an array of %d-byte numbers in %d bytes", field.name, width, #chunk - 1)
		end
		local fmt = kind == "double" and width == 8 and "<d" or (width == 4 and "<i4" or "<i8")
		for i = 1, count do
			local x = sunpack(fmt, chunk, 2 + (i - 1) * width)
			list[i] = kind == "integer" and scalar(field, x) or x + 0.0
		end
	elseif kind == "boolean" then
		for i = from, to do list[#list + 1] = bytes:byte(i) ~= 0 end
	else
		local at = from
		while at <= to do
			if to - at + 1 < 4 then bad(st, "%s: an element size cut short", field.name) end
			local size = sunpack("<I4", bytes, at)
			if size > to - at - 3 then bad(st, "%s: an element of %d bytes, %d there", field.name, size, to - at - 3) end
			if kind == "string" then
				list[#list + 1] = bytes:sub(at + 4, at + 3 + size)
			else
				list[#list + 1] = (decode_struct(field.st, bytes, nil, at + 4, at + 3 + size))
			end
			at = at + 4 + size
		end
	end
	if field.map then
		local kname, vname = field.st.fields[1].name, field.st.fields[2].name
		local map = {}
		for _, e in ipairs(list) do
			-- skynet's words for an entry without its key or its value
			if e[kname] == nil then raise(string.format("Can't find key field in [%s]", field.name)) end
			if e[vname] == nil then raise(string.format("Can't find value field in [%s]", field.name)) end
			map[e[kname]] = e[vname]
		end
		return map
	elseif field.key then
		local keyed = {}
		for _, e in ipairs(list) do
			if e[field.key] == nil then
				local tag = -1
				for _, f in ipairs(field.st.fields) do
					if f.name == field.key then tag = f.tag end
				end
				raise(string.format("Can't find main index (tag=%d) in [%s]", tag, field.name))
			end
			keyed[e[field.key]] = e
		end
		return keyed
	end
	return list
end

-- Decodes struct `st` from bytes[at .. stop] (stop: the end of bytes); fills
-- `into` (or a new table) and returns it with the number of bytes the struct
-- took. A child struct or array is read in place, between two positions: a
-- copy of its bytes (`sub`) at each level made a packet of nested children
-- cost its size times the depth (an 800 KB packet: 51 MB, 0.19 s).
function decode_struct(st, bytes, into, at, stop)
	local level = depth
	depth = depth + 1
	at = at or 1
	stop = stop or #bytes
	local size = stop - at + 1
	if size < 2 then bad(st, "%d bytes, less than a header", size) end
	local count = sunpack("<I2", bytes, at)
	local data = at + 2 + count * 2
	if data - 1 > stop then bad(st, "%d fields announced, %d bytes there", count, size) end
	local t = into or {}
	local tag = -1
	for i = 0, count - 1 do
		local slot = sunpack("<I2", bytes, at + 2 + i * 2)
		tag = tag + 1
		if slot & 1 == 1 then
			tag = tag + slot // 2
		else
			local value = slot // 2 - 1
			local from, to -- the field's bytes in the data part, when it has some there
			if value < 0 then
				if stop - data + 1 < 4 then bad(st, "tag %d: a data size cut short", tag) end
				local n = sunpack("<I4", bytes, data)
				if n > stop - data - 3 then bad(st, "tag %d: %d bytes of data, %d there", tag, n, stop - data - 3) end
				from, to = data + 4, data + 3 + n
				data = data + 4 + n
			end
			local field = st.by_tag[tag]
			if field then  -- an unknown tag is skipped: a newer peer may send more
				if level >= MAX_DEPTH then raise("The table is too deep") end
				local kind = field.kind
				local chunk = from and kind ~= "struct" and not field.array and bytes:sub(from, to)
				if not from then
					if field.array or (kind ~= "integer" and kind ~= "boolean") then
						bad(st, "%s: an inline value for a %s", field.name, field.array and "array" or kind)
					end
					if kind == "boolean" then t[field.name] = value ~= 0
					else t[field.name] = scalar(field, value) end
				elseif field.array then
					t[field.name] = decode_array(st, field, bytes, from, to)
				elseif kind == "integer" then
					t[field.name] = scalar(field, int_from(st, chunk))
				elseif kind == "double" then
					if #chunk == 8 then t[field.name] = (sunpack("<d", chunk))
					else bad(st, "%s: a double of %d bytes", field.name, #chunk) end
				elseif kind == "string" then
					t[field.name] = chunk
				elseif kind == "struct" then
					t[field.name] = (decode_struct(field.st, bytes, nil, from, to))
				else
					bad(st, "%s: a boolean in the data part", field.name)
				end
			end
		end
	end
	depth = depth - 1
	return t, data - at
end

function wire.encode(st, t)
	depth = 0
	return encode_struct(st, t)
end

function wire.decode(st, bytes, into, at)
	depth = 0
	return decode_struct(st, bytes, into, at)
end

return wire
