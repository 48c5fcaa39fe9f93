-- bson_values: the bson module as a mongo user meets it without a server: encode/decode of every value
-- type (one key per document, so the bytes do not depend on pairs order), encode_order, bson.type of each
-- special value, a document's length, makeindex and replacing values in place, and the refusals (a hole in
-- an array, a number key, a function, a bad objectid, odd arguments to encode_order, a too deep table).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local bson = require "bson"

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- Values are logged with their bson.type, tables as sorted pairs.
local function show(v)
	if type(v) == "table" then
		local out = {}
		for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
		table.sort(out)
		return "{" .. table.concat(out, ",") .. "}"
	elseif type(v) == "string" then
		local t = table.pack(bson.type(v))
		if t[1] ~= "string" then
			for i = 2, t.n do t[i] = type(t[i]) == "string" and t[i]:find("[^%g ]") and hex(t[i]) or tostring(t[i]) end
			return "<" .. table.concat(t, " ", 1, t.n) .. ">"
		end
		return v
	end
	return math.type(v) and (math.type(v) .. ":" .. tostring(v)) or tostring(v)
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local function roundtrip(what, v)
	try(what, function()
		local doc = bson.encode { v = v }
		return hex(tostring(doc)), #doc, doc:decode().v
	end)
end

skynet.start(function()
	roundtrip("int", 42)
	roundtrip("int negative", -7)
	roundtrip("int64", 1 << 40)
	roundtrip("float", 1.5)
	roundtrip("float integral", 3.0)
	roundtrip("string", "hello")
	roundtrip("empty string", "")
	roundtrip("true", true)
	roundtrip("false", false)
	roundtrip("null", bson.null)
	roundtrip("minkey", bson.minkey)
	roundtrip("maxkey", bson.maxkey)
	roundtrip("array", { 1, 2, 3 })
	roundtrip("empty table", {})
	roundtrip("nested", { a = { b = "c" } })
	roundtrip("binary", bson.binary "\0\1\2")
	roundtrip("objectid", bson.objectid "0123456789abcdef01234567")
	roundtrip("date", bson.date(1700000000))
	roundtrip("timestamp", bson.timestamp(1700000000, 5))
	roundtrip("regex", bson.regex("^a.*", "i"))
	roundtrip("int64 fn", bson.int64(5))
	try("objectid new", function()
		local o = bson.objectid()
		local t, s = bson.type(o)
		return t, #s
	end)
	try("type plain", bson.type, "plain")
	try("type number", bson.type, 1)
	try("type table", bson.type, {})

	try("encode_order", function()
		local doc = bson.encode_order("z", 1, "a", 2, "m", "three")
		return hex(tostring(doc)), doc:decode()
	end)
	try("encode_order odd", bson.encode_order, "a", 1, "b")
	try("encode_order number key", function() return hex(tostring(bson.encode_order(1, 2))) end)
	try("encode_order nothing", function() return #bson.encode_order() end)

	try("makeindex replace", function()
		local doc = bson.encode_order("n", 1, "f", 2.5, "b", true, "s", "text")
		doc:makeindex()
		doc.n = 99
		doc.f = 0.25
		doc.b = false
		return doc:decode()
	end)
	try("replace a string", function()
		local doc = bson.encode_order("s", "text")
		doc:makeindex()
		doc.s = "other"
	end)
	try("replace unknown key", function()
		local doc = bson.encode_order("n", 1)
		doc:makeindex()
		doc.zz = 1
	end)
	try("replace before makeindex", function()
		local doc = bson.encode_order("n", 1)
		doc.n = 2
	end)
	try("replace int with float", function()
		local doc = bson.encode_order("n", 1)
		doc:makeindex()
		doc.n = 1.5
	end)

	try("number key", bson.encode, { [1.5] = 1, x = 2 })
	try("integer keys mixed", bson.encode, { 1, x = 2 })
	try("function value", bson.encode, { f = print })
	try("bad objectid", bson.objectid, "xyz")
	try("encode nil", bson.encode, nil)
	try("encode string", bson.encode, "str")
	try("decode nil", bson.decode, nil)
	try("too deep", function()
		local t = {}
		local cur = t
		for _ = 1, 200 do
			cur.x = {}
			cur = cur.x
		end
		return #bson.encode(t)
	end)
	try("date of string", bson.date, "x")
	try("binary of number", function() return show(bson.binary(12)) end)
	try("__pairs", function()
		local t = setmetatable({}, { __pairs = function()
			local done = false
			return function()
				if done then return end
				done = true
				return "only", 1
			end
		end })
		return bson.encode(t):decode()
	end)
	skynet.sleep(10)
	skynet.abort()
end)
