-- float_text: floats turned into text the ways services build log lines and keys: `..`, table.concat,
-- string.format's %s (and an explicit %.14g, %.17g, %g, %f), tostring, string functions given a float
-- (rep, gsub's replacement, upper), a float key made into a string, a float through skynet.pack then
-- `..`; values that need 15 and 17 digits, integral floats, huge, tiny, inf and -0.0.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

skynet.start(function()
	local values = { 1 / 3, 0.1 + 0.2, 2 / 3 * 3, 100.0, 2 ^ 53, 2 ^ 63, 1e15, 1e16, 123456.789, 5e-324,
		1e300 * 10, -0.0, 0.1, 1.5, 3.14159265358979, -2.5e-7 }
	for i, v in ipairs(values) do
		log("value " .. L(i), L("x=" .. v), L(table.concat({ v, v }, ",")), L(string.format("%s", v)),
			L(tostring(v)))
	end
	local x = 1 / 3
	log("explicit formats", L(string.format("%.14g|%.17g|%g|%.3f|%5.1f", x, x, x, x, x)))
	log("string functions", L(string.rep(x, 2, ";")), L((("a"):gsub("a", x))), L(string.upper(x)), L(#tostring(x)))
	local t = {}
	t[tostring(x)] = true
	t["k" .. x] = true
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = L(k) end
	table.sort(keys)
	log("keys", table.concat(keys, " "))
	local back = skynet.unpack(skynet.packstring(x))
	log("after pack", L("v=" .. back), back == x)
	log("number from text", L(tonumber("0." .. string.rep("3", 20)) == x), L(("0.1" + 0.2) .. ""))
	log("integers stay", L(10 .. ""), L(math.maxinteger .. ""), L(3 // 1 .. ""), L(7 / 7 .. ""))
	log("error text", select(2, pcall(error, "at " .. x, 0)))
	skynet.sleep(10)
	skynet.abort()
end)
