-- bson_errors: the bson module given what it does not take: functions and userdata as values, a table nested too deep,
-- a table that refers to itself, mixed array/map tables, non-string keys, encode_order with odd arguments, decode of
-- what is not a document, and what type() says of plain Lua values. (decode of a string of BSON bytes and a key with a
-- zero byte are skyglass's on purpose: docs/lua-api.md, bson.)
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local bson = require "bson"
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

local function roundtrip(name, t)
	local ok, doc = pcall(bson.encode, t)
	if not ok then log(name, "encode fails", doc) return end
	local ok2, back = pcall(bson.decode, doc)
	log(name, #doc, ok2, ok2 and dump(back) or back)
end

skynet.start(function()
	roundtrip("function value", { f = print })
	roundtrip("coroutine value", { c = coroutine.create(print) })
	local deep = {}
	local cur = deep
	for _ = 1, 200 do cur.x = {} cur = cur.x end
	roundtrip("deep", deep)
	local self_ref = {}
	self_ref.me = self_ref
	roundtrip("self reference", self_ref)
	roundtrip("array", { 10, 20, 30 })
	roundtrip("mixed", { 1, 2, k = "v" })
	roundtrip("float key", { [1.5] = "x" })
	roundtrip("bool key", { [true] = "x" })
	roundtrip("holes", { [1] = "a", [3] = "c" })
	roundtrip("empty", {})
	roundtrip("nested arrays", { a = { { 1 }, {}, { x = 1 } } })
	roundtrip("big int", { n = math.maxinteger, m = math.mininteger, f = 0.5, i = 2^31 })
	roundtrip("nan", { n = 0 / 0 ~= 0 / 0 })
	roundtrip("string with zero", { s = "a\0b" })
	log("encode_order odd", pcall(bson.encode_order, "a", 1, "b"))
	local okn, dn = pcall(bson.encode_order, 1, 2)
	log("encode_order key not string", okn, type(dn), okn and dump(bson.decode(dn)) or dn)
	local ok, doc = pcall(bson.encode_order, "b", 2, "a", 1)
	log("encode_order", ok, ok and dump(bson.decode(doc)))
	log("encode number", pcall(bson.encode, 12))
	log("encode nil", pcall(bson.encode))
	log("encode type", type(bson.encode({ a = 1 })))
	log("decode number", pcall(bson.decode, 5))
	log("decode table", pcall(bson.decode, {}))
	log("decode nil", pcall(bson.decode))
	log("type string", pcall(bson.type, "s"))
	log("type number", pcall(bson.type, 1))
	log("type table", pcall(bson.type, {}))
	log("type null", bson.type(bson.null))
	skynet.sleep(2)
	skynet.abort()
end)
