-- traceback_names: how a traceback names each frame, as a program's xpcall(f, debug.traceback) handler
-- logs it: a method, a field of a required module, a global, a local, an upvalue, a nested field,
-- metamethods (__index, __add, __concat, __eq, __lt, __le, __call, __len, __unm, __tostring, __close), a
-- for iterator, string.gsub's and table.sort's callbacks, a recursive function, a coroutine's traceback,
-- and a traceback with a level and a message that is not a string.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mod = require "tb_mod"
local log = skynet.error

-- only the program's own frames and C frames (skynet's frames differ, and the masks drop them)
local function frames(tb)
	local out = {}
	for line in tb:gmatch("[^\n]+") do
		if not line:find("skynet") and not line:find("^stack traceback") then out[#out + 1] = line:gsub("^\t", "") end
	end
	return table.concat(out, " / ")
end

local function run(what, f, ...)
	local ok, tb = xpcall(f, debug.traceback, ...)
	log(what, ok, frames(tostring(tb)))
end

function global_fail() error("global") end
local function local_fail() error("local") end

local obj = {}
function obj:method() error("method " .. tostring(self == obj)) end

skynet.start(function()
	run("method", function() obj:method() end)
	run("module field", function() mod.fail("module") end)
	run("module deep", function() mod.deep(3) end)
	run("module nested", function() mod.nested.inner() end)
	run("global", function() global_fail() end)
	run("local", function() local f = local_fail f() end)
	run("upvalue", function() local_fail() end)
	local mt = {
		__index = function(t, k) error("index " .. k) end,
		__add = function() error("add") end,
		__concat = function() error("concat") end,
		__eq = function() error("eq") end,
		__lt = function() error("lt") end,
		__le = function() error("le") end,
		__call = function() error("call") end,
		__len = function() error("len") end,
		__unm = function() error("unm") end,
		__tostring = function() error("tostring") end,
	}
	local a, b = setmetatable({}, mt), setmetatable({}, mt)
	run("__index", function() return a.missing end)
	run("__add", function() return a + 1 end)
	run("__concat", function() return a .. "x" end)
	run("__eq", function() return a == b end)
	run("__lt", function() return a < b end)
	run("__le", function() return a <= b end)
	run("__call", function() return a() end)
	run("__len", function() return #a end)
	run("__unm", function() return -a end)
	run("__tostring", function() return tostring(a) end)
	run("__close", function()
		local c <close> = setmetatable({}, { __close = function() error("close") end })
	end)
	run("for iterator", function()
		for k in function() error("iter") end do end
	end)
	run("gsub callback", function() return ("abc"):gsub("b", function() error("gsub") end) end)
	run("sort comparator", function() table.sort({ 3, 2, 1 }, function() error("sort") end) end)
	local function rec(n) if n == 0 then error("bottom") end return 1 + rec(n - 1) end
	run("recursive", rec, 3)
	local function tail(n) if n == 0 then error("tail bottom") end return tail(n - 1) end
	run("tail calls", tail, 3)
	local co = coroutine.create(function() local x = 1 coroutine.yield(x) error("in coroutine") end)
	coroutine.resume(co)
	log("coroutine suspended", frames(debug.traceback(co)))
	log("coroutine message", frames(debug.traceback(co, "msg")))
	local ok, err = coroutine.resume(co)
	log("coroutine dead", ok, frames(debug.traceback(co, err)))
	log("level 2", frames(debug.traceback("lvl", 2)))
	log("table message", type(debug.traceback({})), debug.traceback(nil), debug.traceback(12) == 12)
	skynet.sleep(10)
	skynet.abort()
end)
