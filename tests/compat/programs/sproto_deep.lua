-- sproto_deep: how deep a sproto struct may nest, encoding and decoding (attack round 4: ours had no limit).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"
local sprotoparser = require "sprotoparser"

local sp = sproto.new(sprotoparser.parse [[
.Person { name 0 : string  age 1 : integer  children 3 : *Person  best 4 : Person }
]])

-- The bytes of a Person whose children nest `depth` levels, built by hand (the
-- encoder refuses the deep ones): slots "skip to tag 3" and "in the data part".
local function nested_bytes(depth)
	local inner = "\0\0"
	for _ = 1, depth do
		inner = string.pack("<I2I2I2", 2, 5, 0) .. string.pack("<I4", #inner + 4) .. string.pack("<s4", inner)
	end
	return inner
end

local function nested_table(depth, field)
	local top = {}
	local at = top
	for _ = 1, depth do
		local child = { age = 1 }
		at[field] = field == "children" and { child } or child
		at = child
	end
	return top
end

local function try(what, f, ...)
	local ok, err = pcall(f, ...)
	skynet.error(string.format("%s: %s", what, ok and "ok" or tostring(err)))
end

skynet.start(function()
	for _, depth in ipairs { 63, 64, 65 } do
		try("decode " .. depth .. " levels", sp.decode, sp, "Person", nested_bytes(depth))
	end
	for _, depth in ipairs { 62, 63, 64, 100 } do
		try("encode " .. depth .. " levels of children", sp.encode, sp, "Person", nested_table(depth, "children"))
		try("encode " .. depth .. " levels of best", sp.encode, sp, "Person", nested_table(depth, "best"))
	end
	local loop = { age = 2 }
	loop.best = loop
	try("encode a table inside itself", sp.encode, sp, "Person", loop)
	try("after them, a plain encode", sp.encode, sp, "Person", { name = "x", children = { { age = 3 } } })
	-- where a refusal is positioned: a call from a Lua function, and from pcall itself
	try("a wrong type, called from a function", function() sp:encode("Person", { name = 12 }) end)
	try("a wrong type, called by pcall", sp.encode, sp, "Person", { name = 12 })
	try("bad bytes, called from a function", function() sp:decode("Person", "\1") end)
	try("bad bytes, called by pcall", sp.decode, sp, "Person", "\1")
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
