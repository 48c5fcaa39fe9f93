-- pack_meta: skynet.pack/unpack of tables with metatables (__index, __len, __newindex ignored; __pairs used,
-- raising, giving non-string keys, yielding nothing), unpack's arguments (nil, a number, a table, a pointer
-- with size 0, a string and a size), packstring/tostring of odd arguments, and the values that come back.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function show(t)
	if type(t) ~= "table" then return tostring(t) end
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local out = {}
	for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. show(t[k]) end
	return "{" .. table.concat(out, ",") .. "}" .. (getmetatable(t) and "+meta" or "")
end

local function roundtrip(what, ...)
	local ok, s = pcall(skynet.packstring, ...)
	if not ok then
		log(what, "pack error", s)
		return
	end
	local r = table.pack(pcall(skynet.unpack, s))
	local out = {}
	for i = 2, r.n do out[#out + 1] = show(r[i]) end
	log(what, r[1], r.n - 1, table.concat(out, " "))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do
		if type(r[i]) == "userdata" then r[i] = "ptr" end
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	roundtrip("__index", setmetatable({ a = 1 }, { __index = function() return "x" end }))
	roundtrip("__len", setmetatable({ 1, 2 }, { __len = function() return 10 end }))
	roundtrip("__pairs", setmetatable({ hidden = 1 }, { __pairs = function(t)
		return next, { shown = 2, [1] = "one" }, nil
	end }))
	roundtrip("__pairs raising", setmetatable({}, { __pairs = function() error("no pairs") end }))
	roundtrip("__pairs iterator raising", setmetatable({}, { __pairs = function()
		return function() error("iter fails") end, nil, nil
	end }))
	roundtrip("__pairs empty", setmetatable({ 1, 2, 3 }, { __pairs = function() return function() end end }))
	roundtrip("__pairs not function", setmetatable({ 1 }, { __pairs = 5 }))
	roundtrip("__pairs table key", setmetatable({}, { __pairs = function()
		local done
		return function() if not done then done = true return {}, 1 end end
	end }))
	roundtrip("nested __pairs", { inner = setmetatable({}, { __pairs = function()
		local i = 0
		return function() i = i + 1 if i <= 2 then return i, i * 2 end end
	end }) })
	roundtrip("__tostring ignored", setmetatable({ v = 1 }, { __tostring = function() return "T" end }))
	roundtrip("key types", { [true] = 1, [2.5] = "f", [3] = "i", [-1] = "neg", [0] = "zero" })
	roundtrip("array and hash", { 1, 2, 3, x = "y", [5] = 5 })
	roundtrip("empty strings", "", { [""] = "" })
	roundtrip("integer floats", 1.0, -0.0, 2^53, 2^63, math.maxinteger, math.mininteger)
	roundtrip("int key float", { [1.0] = "a", [2.0] = "b" })
	roundtrip("nil holes", nil, 1, nil, 2, nil)
	local long = string.rep("ab", 40000)
	log("long string", skynet.unpack(skynet.packstring(long)) == long, #skynet.packstring(long))
	try("unpack nil", skynet.unpack, nil)
	-- (called from a Lua line, not a tail call: the argument error names the function 'unpack')
	try("unpack number", function() local r = skynet.unpack(12) return r end)
	try("unpack table", function() local r = skynet.unpack({}) return r end)
	try("unpack bool", function() local r = skynet.unpack(true) return r end)
	local msg, sz = skynet.pack(1, 2)
	try("unpack ptr 0", skynet.unpack, msg, 0)
	try("unpack ptr sz", skynet.unpack, msg, sz)
	skynet.trash(msg, sz)
	local s = skynet.packstring(1, 2, 3)
	try("unpack string shorter", skynet.unpack, s, 3)
	try("unpack string longer", skynet.unpack, s, 1000)
	try("unpack string sz string", skynet.unpack, s, "3")
	try("tostring nil", skynet.tostring, nil)
	try("tostring string", function() local r = skynet.tostring("abc") return r end)
	msg, sz = skynet.pack("text")
	try("tostring ptr", function() return #skynet.tostring(msg, sz) end)
	try("tostring ptr 0", skynet.tostring, msg, 0)
	skynet.trash(msg, sz)
	try("packstring nothing", function() return #skynet.packstring() end)
	try("packstring nil", function() return #skynet.packstring(nil) end)
	skynet.sleep(10)
	skynet.abort()
end)
