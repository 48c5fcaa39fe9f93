-- seri_vectors: prints skynet.packstring of a fixed set of values as hex, one line
-- per value ("VEC <name> <hex>"), then ends the process. The same file runs as a
-- service on real skynet and on skyglass; run.sh compares the two outputs.
local skynet = require "skynet"
require "skynet.manager"  -- skynet.abort

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function array(n, v)
	local t = {}
	for i = 1, n do t[i] = v end
	return t
end

-- Only values whose bytes do not depend on hash order (at most one hash key per
-- table) nor on where #t finds a border in a table with holes ({nil, 2} is 0 on
-- skynet's Lua 5.4 and 2 on Debian's: the same format, a different length).
local vectors = {
	{"nil", {nil}, 1}, {"false", {false}}, {"true", {true}},
	{"ints", {0, 1, 255, 256, 65535, 65536, -1, -255, 2147483647, -2147483648,
	          2147483648, -2147483649, math.maxinteger, math.mininteger}},
	{"floats", {0.0, -0.0, 1.5, -2.25e300, math.huge, 1 / 3}},
	{"strings", {"", "a", string.rep("s", 31), string.rep("m", 32), string.rep("l", 65535)}},
	{"long_string", {string.rep("L", 65536)}},
	{"tables", {{}, {1, 2, 3}, {a = 1}, {[0] = false}, {{{}}}, {x = {y = {z = "deep"}}}}},
	{"arrays", {array(30, 0), array(31, 1), array(255, "x"), array(256, true), array(70000, 0)}},
	{"mixed", {1, "two", {3}, nil, 4.5}, 5},
	{"nested32", {(function() local t = {1} for _ = 2, 32 do t = {t} end return t end)()}},
}

skynet.start(function()
	for _, v in ipairs(vectors) do
		local name, values, n = v[1], v[2], v[3]
		local bytes = skynet.packstring(table.unpack(values, 1, n or #values))
		-- Long hex lines are cut into a digest: the length and a simple checksum.
		local h = hex(bytes)
		if #h > 400 then
			local sum = 0
			for i = 1, #bytes do sum = (sum * 31 + bytes:byte(i)) % 4294967291 end
			h = string.format("%s...(%d bytes, sum %d)", h:sub(1, 200), #bytes, sum)
		end
		skynet.error("VEC " .. name .. " " .. h)
	end
	-- And unpack what skynet wrote for a fixed message.
	local a, b, c = skynet.unpack("\x0a\x01\x2c\x68\x65\x6c\x6c\x6f\x06\x0c\x78\x0a\x01\x00")
	skynet.error(string.format("VEC unpack %s %s %s", a, b, c.x))
	skynet.error("VEC done")
	-- skynet's logger is a service: give it time to write the lines before the
	-- process ends (abort does not wait for it).
	skynet.sleep(50)
	skynet.abort()
end)
