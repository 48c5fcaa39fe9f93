-- pack_sizes: skynet.packstring's byte counts at each encoding's edges (integers by size, floats, strings
-- at 31/32 and 65535/65536 bytes, arrays at 30/31 items, hashes), the deepest table that packs, the key
-- types a table has after a round trip (2.0, 2^53, -0.0 keys), NaN and -0.0 values, hundreds of arguments,
-- and a 4 MB string through a call.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

if ... == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, ...)
			skynet.retpack(select("#", ...), ...)
		end)
	end)
	return
end

local function size(...) return #skynet.packstring(...) end

local function nest(n)
	local t = {}
	for _ = 2, n do t = { t } end
	return t
end

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

skynet.start(function()
	local echo = skynet.newservice(SERVICE_NAME, "echo")
	local ints = { 0, 1, -1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 0x7fffffff, 0x80000000,
		-0x80000000, -0x80000001, 0xffffffff, 0x100000000, math.maxinteger, math.mininteger }
	local out = {}
	for _, v in ipairs(ints) do out[#out + 1] = L(size(v)) end
	log("int sizes", table.concat(out, " "))
	out = {}
	for _, v in ipairs { 0.0, -0.0, 0.5, 1e300, 2^63, 1/0, 0/0 } do out[#out + 1] = L(size(v)) end
	log("float sizes", table.concat(out, " "))
	out = {}
	for _, n in ipairs { 0, 1, 31, 32, 33, 255, 256, 65535, 65536, 70000 } do
		out[#out + 1] = L(n) .. "=" .. L(size(string.rep("s", n)))
	end
	log("string sizes", table.concat(out, " "))
	out = {}
	for _, n in ipairs { 0, 1, 29, 30, 31, 32, 255, 256, 300 } do
		local t = {}
		for i = 1, n do t[i] = i % 2 == 0 end
		out[#out + 1] = L(n) .. "=" .. L(size(t))
	end
	log("array sizes", table.concat(out, " "))
	out = {}
	for _, n in ipairs { 1, 2, 30, 31 } do
		local t = {}
		for i = 1, n do t["k" .. i] = true end
		out[#out + 1] = L(n) .. "=" .. L(size(t))
	end
	log("hash sizes", table.concat(out, " "))
	log("mixed size", L(size({ 1, 2, 3, x = 1, [10] = 2 })), L(size(true, false, nil)), L(size()))
	-- the deepest table that packs
	local deepest
	for n = 1, 64 do
		if not pcall(skynet.packstring, nest(n)) then break end
		deepest = n
	end
	log("deepest", L(deepest), pcall(skynet.packstring, nest(deepest + 1)))
	log("deep through call", pcall(skynet.call, echo, "lua", nest(deepest)))
	log("too deep through call", pcall(skynet.call, echo, "lua", nest(deepest + 1)))
	-- keys after a round trip
	local t = skynet.unpack(skynet.packstring({ [2.0] = "two", [2^53] = "big", [-0.0] = "zero", [1.5] = "f", [-1] = "neg" }))
	local keys = {}
	for k, v in pairs(t) do keys[#keys + 1] = v .. ":" .. math.type(k) .. ":" .. L(k) end
	table.sort(keys)
	log("keys", table.concat(keys, " "))
	local nan, negz = skynet.unpack(skynet.packstring(0/0, -0.0))
	log("nan", nan ~= nan, "negative zero", 1 / negz, math.type(negz))
	local nt = skynet.unpack(skynet.packstring({ v = 0/0, z = -0.0, i = 3.0 }))
	log("in table", nt.v ~= nt.v, 1 / nt.z, math.type(nt.i), L(nt.i))
	-- many arguments, nils among them
	local args = {}
	for i = 1, 300 do args[i] = (i % 7 ~= 0) and i or nil end
	local r = table.pack(skynet.call(echo, "lua", table.unpack(args, 1, 300)))
	local holes = 0
	for i = 2, r.n do if r[i] == nil then holes = holes + 1 end end
	log("300 arguments", L(r[1]), L(r.n), L(holes), L(r[300]), L(r[301]))
	r = table.pack(skynet.unpack(skynet.packstring(nil, nil, nil)))
	log("three nils", r.n)
	-- a big string both ways
	local big = string.rep("0123456789abcdef", 4 * 65536)
	local n, back = skynet.call(echo, "lua", big)
	log("4 MB", n, back == big, L(#back))
	skynet.sleep(10)
	skynet.abort()
end)
