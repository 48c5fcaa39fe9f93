-- pack_values: skynet.pack/unpack/packstring of every value type and their limits, errors of unpackable values, text and custom protocols, skynet.tostring and trash.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

local function show(v, depth)
	depth = depth or 0
	local kind = type(v)
	if kind == "table" then
		if depth > 4 then return "{...}" end
		local keys = {}
		for k in pairs(v) do keys[#keys + 1] = k end
		table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
		local out = {}
		for _, k in ipairs(keys) do out[#out + 1] = show(k, depth + 1) .. "=" .. show(v[k], depth + 1) end
		return "{" .. table.concat(out, ",") .. "}"
	elseif kind == "string" then
		return string.format("%q", v):gsub("\n", "n")
	elseif kind == "number" then
		return math.type(v) .. ":" .. string.format(math.type(v) == "float" and "%.17g" or "%d", v)
	end
	return tostring(v)
end

if mode == "echo" then
	skynet.register_protocol {
		name = "text",
		id = skynet.PTYPE_TEXT,
		unpack = skynet.tostring,
		dispatch = function(session, source, text)
			log("text got", #text, text:sub(1, 20))
			if session ~= 0 then skynet.ret("re:" .. text) end
		end,
	}
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, ...)
			skynet.retpack(...)
		end)
	end)
	return
end

skynet.start(function()
	local echo = skynet.newservice(SERVICE_NAME, "echo")
	local values = {
		{ "nil", nil }, { "true", true }, { "false", false },
		{ "zero", 0 }, { "small ints", -1, 1, 127, 128, 255, 256, 65535, 65536 },
		{ "int32 edges", 0x7fffffff, -0x80000000, 0x80000000 },
		{ "int64 edges", math.maxinteger, math.mininteger },
		{ "floats", 0.5, -0.0, 1e300, 1/3 },
		{ "inf", math.huge, -math.huge },
		{ "strings", "", "a", string.rep("x", 40), "with\0zero" },
		{ "long string", string.rep("y", 70000) },
		{ "nested", { 1, 2, { 3, { 4 } }, a = { b = { c = "d" } } } },
		{ "mixed table", { 10, 20, nil, 40, x = 1, [1.5] = "f", [true] = "t" } },
		{ "empty table", {} },
		{ "array with holes", { [1] = 1, [3] = 3 } },
	}
	for _, case in ipairs(values) do
		local name = case[1]
		local r = table.pack(skynet.call(echo, "lua", table.unpack(case, 2, #case)))
		local out = {}
		for i = 1, r.n do
			local v = r[i]
			if type(v) == "string" and #v > 100 then v = "string of " .. #v end
			out[i] = show(v)
		end
		log(name, r.n, table.concat(out, " "))
	end
	local nan = skynet.call(echo, "lua", 0/0)
	log("nan", nan ~= nan)
	log("function", pcall(skynet.pack, print))
	log("coroutine", pcall(skynet.pack, coroutine.create(print)))
	log("userdata", pcall(skynet.pack, io.stdout))
	log("deep", pcall(skynet.pack, (function()
		local t = {}
		for _ = 1, 40 do t = { t } end
		return t
	end)()))
	local meta = setmetatable({}, { __index = function() return "meta" end, __len = function() return 3 end })
	log("metatable", show(skynet.unpack(skynet.packstring(meta))))
	local pairs_meta = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, "from pairs" end end, t, nil end })
	log("__pairs", show(skynet.unpack(skynet.packstring(pairs_meta))))
	local s = skynet.packstring(1, "two", { 3 })
	log("packstring", type(s), #s, show(table.pack(skynet.unpack(s))))
	log("unpack garbage", pcall(skynet.unpack, "\255\255\255"))
	log("unpack empty", select("#", skynet.unpack("")))
	local msg, sz = skynet.pack("trash me")
	log("pack gives", type(msg), math.type(sz))
	skynet.trash(msg, sz)
	msg, sz = skynet.pack("to string")
	log("tostring", skynet.unpack(skynet.tostring(msg, sz)))
	skynet.trash(msg, sz)
	-- the text protocol
	skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(...) return ... end, unpack = skynet.tostring }
	log("text call", skynet.call(echo, "text", "hello text"))
	skynet.send(echo, "text", string.rep("z", 30))
	skynet.sleep(2)
	log("rawcall", skynet.unpack(skynet.rawcall(echo, "lua", skynet.pack("raw", 1))))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
