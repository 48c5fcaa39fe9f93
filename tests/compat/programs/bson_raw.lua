-- bson_raw: bson.decode of documents written byte by byte (reached as the mongo driver reaches them,
-- through skynet.mongo.driver's reply): every element type, including those Lua has no value for
-- (JavaScript, symbol, DBPointer, code with scope, undefined), dates before 1970 and with milliseconds,
-- arrays whose keys are not 0..n-1, a key repeated, an empty key, nesting, and the refusals: an unknown
-- type byte, a string whose length is 0, a document that does not end in 0.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local bson = require "bson"
local driver = require "skynet.mongo.driver"

-- bytes as hex, digits as g..p so that the compat masks keep them
local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end):gsub("%d", function(d)
		return string.char(103 + d)
	end))
end

local function show(v)
	local t = type(v)
	if t == "table" then
		local keys = {}
		for k in pairs(v) do keys[#keys + 1] = k end
		table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
		local parts = {}
		for _, k in ipairs(keys) do parts[#parts + 1] = "[" .. show(k) .. "]=" .. show(v[k]) end
		return "{" .. table.concat(parts, ",") .. "}"
	elseif t == "string" then
		if v:byte(1) == 0 then return "<" .. hex(v) .. ">" end
		return string.format("%q", v)
	elseif t == "number" then
		return math.type(v) .. ":" .. hex(tostring(v))
	end
	return tostring(v)
end

local function cstr(s) return s .. "\0" end
local function el(bt, key, payload) return string.char(bt) .. cstr(key) .. payload end
local function doc(...)
	local body = table.concat { ... }
	return string.pack("<i4", #body + 5) .. body .. "\0"
end
local function str(s) return string.pack("<i4", #s + 1) .. s .. "\0" end

local function decode(d)
	local frame = string.pack("<i4i4i4I4B", 0, 1, 2013, 0, 0) .. d
	local ok, _, ptr = driver.reply(frame)
	assert(ok)
	return bson.decode(ptr)
end

local function try(what, d)
	local ok, r = pcall(decode, d)
	skynet.error(what, ok, ok and show(r) or r)
end

skynet.start(function()
	try("double", doc(el(1, "d", string.pack("<d", 1.5)), el(1, "i", string.pack("<d", 3.0)), el(1, "n", string.pack("<d", -0.0))))
	try("string", doc(el(2, "s", str("hé\0x")), el(2, "e", str(""))))
	try("document and array", doc(el(3, "o", doc(el(16, "a", string.pack("<i4", 1)))),
		el(4, "arr", doc(el(16, "0", string.pack("<i4", 10)), el(16, "1", string.pack("<i4", 11))))))
	try("array keys 5 and x", doc(el(4, "arr", doc(el(16, "5", string.pack("<i4", 1)), el(16, "x", string.pack("<i4", 2))))))
	try("array key -1", doc(el(4, "arr", doc(el(16, "-1", string.pack("<i4", 7))))))
	try("binary", doc(el(5, "b", string.pack("<i4", 3) .. "\0abc"), el(5, "u", string.pack("<i4", 2) .. "\4\1\2")))
	try("undefined", doc(el(6, "u", "")))
	try("objectid", doc(el(7, "id", "\1\2\3\4\5\6\7\8\9\10\11\12")))
	try("bool", doc(el(8, "t", "\1"), el(8, "f", "\0"), el(8, "two", "\2")))
	try("date", doc(el(9, "d", string.pack("<i8", 1500000000123)), el(9, "neg", string.pack("<i8", -1000)),
		el(9, "zero", string.pack("<i8", 0))))
	try("null", doc(el(10, "n", "")))
	try("regex", doc(el(11, "r", cstr("^a.*") .. cstr("im"))))
	try("dbpointer", doc(el(12, "p", str("coll") .. "\1\2\3\4\5\6\7\8\9\10\11\12")))
	try("javascript", doc(el(13, "js", str("return 1"))))
	try("symbol", doc(el(14, "sym", str("abc"))))
	try("code with scope", doc(el(15, "cws", string.pack("<i4", 4 + 9 + 12) .. str("f()") .. doc(el(16, "x", string.pack("<i4", 1))))))
	try("int32", doc(el(16, "a", string.pack("<i4", -5)), el(16, "b", string.pack("<i4", 0x7fffffff))))
	try("timestamp", doc(el(17, "ts", string.pack("<I4I4", 7, 1600000000))))
	try("int64", doc(el(18, "a", string.pack("<i8", math.mininteger)), el(18, "b", string.pack("<i8", 42))))
	try("minkey maxkey", doc(el(255, "min", ""), el(127, "max", "")))
	try("decimal128", doc(el(19, "dec", string.rep("\0", 16))))
	try("type 0x20", doc(el(32, "x", "")))
	try("key repeated", doc(el(16, "k", string.pack("<i4", 1)), el(16, "k", string.pack("<i4", 2))))
	try("empty key", doc(el(16, "", string.pack("<i4", 3))))
	try("empty", doc())
	try("string length 0", doc(el(2, "s", string.pack("<i4", 0))))
	try("string length -3", doc(el(2, "s", string.pack("<i4", -3))))
	local bad = doc(el(16, "a", string.pack("<i4", 1)))
	try("end not 0", bad:sub(1, -2) .. "\1")
	local d = decode(doc(el(9, "d", string.pack("<i8", 1500000000123)), el(17, "ts", string.pack("<I4I4", 7, 16)),
		el(5, "b", string.pack("<i4", 3) .. "\0abc"), el(11, "r", cstr("x") .. cstr("i"))))
	for _, k in ipairs { "d", "ts", "b", "r" } do
		local r = table.pack(bson.type(d[k]))
		for i = 1, r.n do r[i] = show(r[i]) end
		skynet.error("type of", k, table.unpack(r, 1, r.n))
	end
	skynet.sleep(10)
	skynet.abort()
end)
