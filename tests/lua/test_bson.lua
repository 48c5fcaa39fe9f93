-- test_bson: the `bson` module, byte for byte against vectors from the BSON spec
-- (bsonspec.org) and its test corpus, round trips of every type, and bad bytes.
local bson = require "bson"
local t = require "testlib"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

local function unhex(h)
	return (h:gsub("%s", ""):gsub("..", function(x) return string.char(tonumber(x, 16)) end))
end

-- One-key documents, so the bytes do not depend on table order: key, value, wire hex.
local vectors = {
	{ "spec: hello world", "hello", "world", "16000000 02 68656C6C6F00 06000000 776F726C6400 00" },
	{ "int32 min", "i", -2147483648, "0C000000 10 6900 00000080 00" },
	{ "int64 when it does not fit 32 bits", "a", 2147483648, "10000000 12 6100 0000008000000000 00" },
	{ "double", "d", 1.0, "10000000 01 6400 000000000000F03F 00" },
	{ "boolean", "b", true, "09000000 08 6200 01 00" },
	{ "null", "a", bson.null, "08000000 0A 6100 00" },
	{ "minkey", "a", bson.minkey, "08000000 FF 6100 00" },
	{ "maxkey", "a", bson.maxkey, "08000000 7F 6100 00" },
	{ "objectid", "a", bson.objectid "56e1fc72e0c917e9c4714161", "14000000 07 6100 56E1FC72E0C917E9C4714161 00" },
	{ "timestamp", "a", bson.timestamp(123456789, 42), "10000000 11 6100 2A000000 15CD5B07 00" },
	{ "binary", "x", bson.binary "\xff\xff", "0F000000 05 7800 02000000 00 FFFF 00" },
	{ "regex", "a", bson.regex("abc", "im"), "0F000000 0B 6100 61626300 696D00 00" },
	{ "date (seconds in Lua)", "a", bson.date(1356351330), "10000000 09 6100 D0D6D6CC3B010000 00" },
	{ "int64 tagged (decodes to an integer)", "a", bson.int64(1), "10000000 12 6100 0100000000000000 00", 1 },
	{ "string with zero bytes", "a", "ab\0bab\0babba", "19000000 02 6100 0D000000 6162006261620062616262610000" },
	{ "empty table is a document", "x", {}, "0D000000 03 7800 0500000000 00" },
}

local cases = {}

for _, v in ipairs(vectors) do
	cases[#cases + 1] = { "encode " .. v[1], function()
		local doc = bson.encode { [v[2]] = v[3] }
		t.eq(hex(tostring(doc)), hex(unhex(v[4])), "bytes")
		t.eq(#doc, #unhex(v[4]), "#doc")
	end }
	cases[#cases + 1] = { "decode " .. v[1], function()
		local got = bson.decode(unhex(v[4]))[v[2]]
		if type(v[3]) == "table" then
			t.eq(next(got), nil, "empty table")
		else
			t.eq(got, v[5] or v[3], "value")
		end
	end }
end

local more = {
	{ "spec: an array of string, double and int32", function()
		local want = unhex [[31000000 04 42534F4E00 26000000
			02 3000 08000000 617765736F6D6500
			01 3100 333333333333 1440
			10 3200 C2070000 00 00]]
		local doc = bson.encode { BSON = { "awesome", 5.05, 1986 } }
		t.eq(hex(tostring(doc)), hex(want), "bytes")
		local back = bson.decode(want).BSON
		t.eq(#back, 3, "array length")
		t.eq(back[1], "awesome", "[1]")
		t.eq(back[2], 5.05, "[2]")
		t.eq(back[3], 1986, "[3]")
		t.eq(math.type(back[3]), "integer", "int32 decodes to an integer")
	end },
	{ "encode_order keeps the key order", function()
		local doc = bson.encode_order("b", 1, "a", 2)
		t.eq(hex(tostring(doc)), hex(unhex "13000000 10 6200 01000000 10 6100 02000000 00"), "bytes")
		local d = doc:decode()
		t.eq(d.b, 1, "b")
		t.eq(d.a, 2, "a")
		t.raises(function() bson.encode_order("a") end, "Invalid ordered dict", "odd arguments")
		t.raises(function() bson.encode_order("a", 1, {}, 2) end, "Argument 3 need a string", "table key")
	end },
	{ "round trip of nested documents, arrays and every tagged type", function()
		local oid = bson.objectid()
		local doc = bson.encode {
			n = 42, f = 0.5, big = 1 << 40, neg = -7, s = "text", yes = true, no = false,
			list = { 1, "two", { three = 3 } }, sub = { a = { b = { c = "deep" } } },
			id = oid, when = bson.date(1700000000), ts = bson.timestamp(5, 6),
			bin = bson.binary "\0\1\2", re = bson.regex "^a", none = bson.null,
			lo = bson.minkey, hi = bson.maxkey, i64 = bson.int64(3), embedded = bson.encode_order("k", "v"),
		}
		local d = bson.decode(doc)
		t.eq(d.n, 42, "n"); t.eq(d.f, 0.5, "f"); t.eq(d.big, 1 << 40, "big"); t.eq(d.neg, -7, "neg")
		t.eq(d.s, "text", "s"); t.eq(d.yes, true, "yes"); t.eq(d.no, false, "no")
		t.eq(d.list[2], "two", "list[2]"); t.eq(d.list[3].three, 3, "list[3].three")
		t.eq(d.sub.a.b.c, "deep", "sub.a.b.c")
		t.eq(d.id, oid, "objectid"); t.eq(d.when, bson.date(1700000000), "date")
		t.eq(d.ts, bson.timestamp(5, 6), "timestamp"); t.eq(d.bin, bson.binary "\0\1\2", "binary")
		t.eq(d.re, bson.regex "^a", "regex"); t.eq(d.none, bson.null, "null")
		t.eq(d.lo, bson.minkey, "minkey"); t.eq(d.hi, bson.maxkey, "maxkey")
		t.eq(d.i64, 3, "int64 decodes to an integer")
		t.eq(d.embedded.k, "v", "an encoded document embeds")
		-- the decoded table encodes to as many bytes, less the 4 that int64(3) saves as an int32
		t.eq(#bson.encode(d), #doc - 4, "re-encoded size")
	end },
	{ "a light userdata from to_lightuserdata decodes and embeds (the mongo driver's way)", function()
		local doc = bson.encode_order("k", "v", "n", 1)
		local p = bson.to_lightuserdata(doc)
		t.eq(type(p), "userdata", "a pointer")
		t.eq(bson.decode(p).n, 1, "decode through the pointer")
		t.eq(bson.decode(bson.encode { sub = p }).sub.k, "v", "embedded through the pointer")
	end },
	{ "bson.type names the tagged values and takes them apart", function()
		local function pack(...) return { n = select("#", ...), ... } end
		local r = pack(bson.type(bson.objectid "0123456789abcdefABCDEF01"))
		t.eq(r[1], "objectid", "objectid"); t.eq(r[2], "0123456789abcdefabcdef01", "hex")
		r = pack(bson.type(bson.timestamp(100, 7)))
		t.eq(r[1], "timestamp", "ts"); t.eq(r[2], 100, "seconds"); t.eq(r[3], 7, "increment")
		r = pack(bson.type(bson.binary "xy"))
		t.eq(r[1], "binary", "binary"); t.eq(r[2], "xy", "data"); t.eq(r[3], 0, "subtype")
		r = pack(bson.type(bson.regex("p", "i")))
		t.eq(r[1], "regex", "regex"); t.eq(r[2], "p", "pattern"); t.eq(r[3], "i", "options")
		t.eq(select(2, bson.type(bson.date(12345))), 12345, "date")
		t.eq(select(2, bson.type(bson.int64(-5))), -5, "int64")
		t.eq(bson.type(bson.null), "nil", "null"); t.eq(bson.type(nil), "nil", "nil")
		t.eq(bson.type(bson.minkey), "minkey", "minkey"); t.eq(bson.type(bson.maxkey), "maxkey", "maxkey")
		t.eq(bson.type(1), "number", "number"); t.eq(bson.type("s"), "string", "string")
		t.eq(bson.type({}), "table", "table"); t.eq(bson.type(true), "boolean", "boolean")
		t.raises(function() bson.type(print) end, "Invalid type function", "function")
	end },
	{ "generated objectids differ and carry the time", function()
		local a, b = bson.objectid(), bson.objectid()
		t.eq(a ~= b, true, "two ids differ")
		local seconds = string.unpack(">I4", a, 3)
		t.eq(math.abs(seconds - os.time()) <= 2, true, "first 4 bytes are now")
		t.raises(function() bson.objectid "abc" end, "Invalid objectid abc", "short hex")
	end },
	{ "__len, __index and __pairs metatables are honoured", function()
		local arr = setmetatable({}, { __len = function() return 3 end, __index = function(_, i) return i * 10 end })
		local proxy = setmetatable({}, { __pairs = function() return next, { k = "v" }, nil end })
		local d = bson.decode(bson.encode { arr = arr, proxy = proxy })
		t.eq(#d.arr, 3, "#arr"); t.eq(d.arr[3], 30, "arr[3]"); t.eq(d.proxy.k, "v", "proxy.k")
	end },
	{ "makeindex, then fields are replaced in place", function()
		local doc = bson.encode_order("a", 1, "b", true, "c", 2.5, "d", bson.date(10), "e", 1 << 40)
		doc:makeindex()
		doc.a = 7; doc.b = false; doc.c = 0.25; doc.d = bson.date(20); doc.e = 1 << 41
		local d = doc:decode()
		t.eq(d.a, 7, "a"); t.eq(d.b, false, "b"); t.eq(d.c, 0.25, "c")
		t.eq(d.d, bson.date(20), "d"); t.eq(d.e, 1 << 41, "e")
		t.raises(function() doc.zz = 1 end, "Can't replace key : zz", "unknown key")
		t.raises(function() doc.a = 1.5 end, "must be a 32bit integer", "float into int32")
		t.raises(function() doc.d = bson.timestamp(1, 1) end, "Type mismatch, need bson type 9", "wrong tag")
		local fresh = bson.encode_order("a", 1)
		t.raises(function() fresh.a = 2 end, "call makeindex first", "no index")
	end },
	{ "values BSON cannot carry are refused with skynet's errors", function()
		t.raises(function() bson.encode { f = print } end, "Invalid value type : function", "function")
		t.raises(function() bson.encode { [1] = 1, a = 2 } end, "Bson dictionary's key can't be number", "number key")
		t.raises(function() bson.encode { a = setmetatable({}, { __len = function() return 2 end }) } end,
			"Bson array has a hole (nil), Use bson.null instead", "hole")
		t.raises(function() bson.encode { a = "\xff" } end, "Invalid utf8 string", "bad utf8")
		t.raises(function() bson.encode { a = "\0\99" } end, "Invalid subtype 99", "bad tag")
		local loop = {}; loop.self = loop
		t.raises(function() bson.encode(loop) end, "Too depth while encoding bson", "cycle")
		t.raises(function() bson.encode "x" end, "table expected", "not a table")
	end },
	{ "bad bytes raise a clear error, never crash", function()
		local good = unhex "16000000 02 68656C6C6F00 06000000 776F726C6400 00"
		for cut = 0, #good - 1 do
			local ok, err = pcall(bson.decode, good:sub(1, cut))
			t.eq(ok, false, "truncated to " .. cut .. " bytes")
			t.eq(err:find("Invalid bson", 1, true) ~= nil, true, "error for " .. cut .. " bytes: " .. err)
		end
		t.raises(function() bson.decode(good:sub(1, 10)) end, "Invalid bson block (6:17)", "truncated")
		t.raises(function() bson.decode(unhex "04000000 00") end, "Invalid bson document , length = 4", "short")
		t.raises(function() bson.decode(unhex "05000000 01") end, "Invalid document end", "no terminator")
		t.raises(function() bson.decode(unhex "08000000 20 6100 00") end, "Invalid bson type : 32", "unknown type")
		t.raises(function() bson.decode(unhex "0C000000 02 6100 FFFFFFFF 00") end,
			"Invalid bson string , length = -1", "negative string length")
		t.raises(function() bson.decode(unhex "0C000000 05 6100 F0FFFFFF 00 00") end,
			"Invalid bson binary , length = -16", "negative binary length")
		t.raises(function() bson.decode(unhex "08000000 10 6162 00") end, "Invalid bson block : cstring", "key without end")
		-- 200 nested documents: refused, not recursed into without bound
		local deep = string.rep("\3a\0", 1)
		local body = unhex "0500000000"
		for _ = 1, 200 do
			body = string.pack("<i4", 4 + 3 + #body + 1) .. deep .. body .. "\0"
		end
		t.raises(function() bson.decode(body) end, "Too depth while decoding bson", "deep nesting")
		t.eq(bson.decode(42), nil, "a number decodes to nothing, as in skynet")
	end },
}
for _, c in ipairs(more) do cases[#cases + 1] = c end

t.run("test_bson", cases)
