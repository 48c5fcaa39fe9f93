-- sproto_arrays: the bytes of sproto arrays and maps and how they decode: integer arrays that need 4 and 8
-- bytes, negative numbers, booleans, binaries with NULs, doubles, decimals `integer(2)` and `integer(3)`
-- (rounding, negatives), arrays of structs with holes in their fields, main-index maps `*item(id)` and
-- two-field maps `*pair()`, an empty array and a missing one, maps whose key field is missing, nested
-- structs; and default() of a type with arrays.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"

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
		for _, k in ipairs(keys) do parts[#parts + 1] = show(k) .. "=" .. show(v[k]) end
		return "{" .. table.concat(parts, ",") .. "}"
	elseif t == "string" then
		return "'" .. hex(v) .. "'"
	elseif t == "number" then
		return math.type(v):sub(1, 1) .. hex(string.format("%.17g", v))
	end
	return tostring(v)
end

local sp = sproto.parse [[
.item { id 0 : integer  name 1 : string  count 2 : integer }
.pair { key 0 : string  value 1 : integer }
.pos { x 0 : integer(2)  y 1 : integer(3) }
.bag {
	ints 0 : *integer
	bools 1 : *boolean
	bins 2 : *binary
	doubles 3 : *double
	money 4 : *integer(2)
	items 5 : *item
	byid 6 : *item(id)
	pairs 7 : *pair()
	where 8 : pos
	strs 9 : *string
}
]]

local function try(what, t)
	local ok, bin = pcall(sp.encode, sp, "bag", t)
	if not ok then
		skynet.error(what, "encode fails", bin)
		return
	end
	local ok2, back, n = pcall(sp.decode, sp, "bag", bin)
	if not ok2 then
		skynet.error(what, hex(bin), "decode fails", back)
		return
	end
	skynet.error(what, hex(bin), show(back), hex(tostring(n)))
end

skynet.start(function()
	try("ints small", { ints = { 0, 1, -1, 32767, 0x7fffffff } })
	try("ints big", { ints = { 1, 0x80000000, -0x80000001, math.maxinteger, math.mininteger } })
	try("bools", { bools = { true, false, true } })
	try("bins", { bins = { "", "\0\1", "abc" } })
	try("doubles", { doubles = { 0.5, -2.25, 1e300, 3 } })
	try("money", { money = { 1.005, -2.5, 0.014, 7, 1.235 } })
	try("items", { items = { { id = 1, name = "a" }, { count = 3 }, {} } })
	try("byid", { byid = { [7] = { id = 7, name = "seven" }, [3] = { id = 3 } } })
	try("pairs", { pairs = { x = 1 } }) -- one entry: with two, the bytes follow pairs' order (random per run)
	try("where", { where = { x = 1.5, y = -0.0015 } })
	try("empty arrays", { ints = {}, strs = {}, items = {} })
	try("strs", { strs = { "", "hello", string.rep("z", 300) } })
	try("byid key missing", { byid = { [1] = { name = "no id" } } })
	try("pairs value table", { pairs = { k = { 1 } } })
	-- map entries without their value, and without their key: encoded with a schema whose entries lack it
	local other = sproto.parse [[
.k { key 0 : string }
.v { value 1 : integer }
.bag { pairs 7 : *k  byid 6 : *v }
]]
	skynet.error("map entry without value", pcall(sp.decode, sp, "bag", other:encode("bag", { pairs = { { key = "a" } } })))
	skynet.error("map entry without key", pcall(sp.decode, sp, "bag", other:encode("bag", { pairs = { { value = 1 } } })))
	try("ints with a string", { ints = { 1, "2" } })
	try("bools with a number", { bools = { 1 } })
	skynet.error("default", show(sp:default("bag")))
	skynet.error("default item", show(sp:default("item")))
	skynet.sleep(10)
	skynet.abort()
end)
