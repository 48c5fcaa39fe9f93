-- bson_meta: bson.encode of tables with metatables (__len returning 2, a float, a string; __pairs; __index),
-- arrays with an n field, mixed keys, float and boolean keys, empty tables, bson.null, numbers at the edges of
-- int32/int64 and floats that are integers, infinities, a 300-byte key, encode_order with nested tables and nil.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local bson = require "bson"
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end):gsub("%d", function(d) return string.char(103 + d) end)) end
local function try(what, f, ...)
	local ok, r = pcall(f, ...)
	if ok and type(r) == "userdata" then r = hex(tostring(r)) end
	skynet.error(what, ok, r)
end
skynet.start(function()
	try("__len 2", bson.encode, { a = setmetatable({}, { __len = function() return 2 end }) })
	try("__len float", bson.encode, { a = setmetatable({ 1 }, { __len = function() return 1.5 end }) })
	try("__len string", bson.encode, { a = setmetatable({ 1 }, { __len = function() return "1" end }) })
	try("__pairs", bson.encode, { a = setmetatable({}, { __pairs = function(t) return next, { x = 1 }, nil end }) })
	try("__index array", bson.encode, { a = setmetatable({ n = 1 }, { __index = function(_, k) return k end }) })
	try("array with n", bson.encode, { a = { 1, 2, n = 2 } })
	try("mixed keys", bson.encode, { a = { 1, x = 2 } })
	try("float key", bson.encode, { a = { [1.5] = 1 } })
	try("bool key", bson.encode, { [true] = 1 })
	try("empty table", bson.encode, { a = {} })
	try("array of an empty table", bson.encode, { b = { {} } })
	try("light userdata", bson.encode, { a = bson.null })
	-- one key a document: with more, the bytes follow pairs' order, which varies from run to run
	for i, v in ipairs { 2^31, -2^31, 2^31 - 1, math.maxinteger, 1 << 31, -(1 << 31), (1 << 31) - 1, 3.0, -0.0, 1e20, math.huge, -math.huge } do
		try("number #" .. string.char(96 + i), bson.encode, { a = v })
	end
	try("long key", bson.encode, { [string.rep("k", 300)] = 1 })
	try("encode_order nested", bson.encode_order, "a", { b = 1 }, "c", { 1, 2 })
	try("encode_order nil value", bson.encode_order, "a", nil, "b", 1)
	skynet.sleep(5)
	skynet.abort()
end)
