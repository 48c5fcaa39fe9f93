-- lua_lib_calls: Lua library calls whose results or errors a skynet service logs, where skynet's Lua 5.5
-- and a 5.4 differ: table.remove out of bounds, utf8.offset's two results, collectgarbage's options and
-- answers, pairs' four results, table.create, functions 5.5 no longer has, and the common mistakes'
-- messages (index nil, call nil, arithmetic on a string, compare). Left out, 5.4's still: `<=` between
-- tables with only __lt (5.4 falls back to it), the parser's words for `break` outside a loop and for
-- too many locals.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local function show(name, f, ...)
	local r = table.pack(pcall(f, ...))
	local out = {}
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "table" or type(v) == "function" then v = type(v) end
		out[#out + 1] = tostring(v)
	end
	skynet.error(name, r.n, table.concat(out, " | "))
end

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

local CMD = {}
function CMD.bad_remove(t) return table.remove(t, 9) end

skynet.start(function()
	show("remove past end", table.remove, {}, 5)
	show("remove far", table.remove, { 1, 2, 3 }, 7)
	show("remove 0 of empty", table.remove, {}, 0)
	show("remove n+1", table.remove, { 1 }, 2)
	show("remove last", table.remove, { 1, 2 })
	show("remove empty", table.remove, {})
	show("insert bad pos", table.insert, { 1 }, 5, 1)
	show("insert args", table.insert, {}, 1, 2, 3)
	show("utf8.offset", utf8.offset, "h\u{e9}llo", 3)
	show("utf8.offset 0", utf8.offset, "h\u{e9}llo", 0, 3)
	show("utf8.offset neg", utf8.offset, "h\u{e9}llo", -1)
	show("utf8.offset past", utf8.offset, "abc", 5)
	show("utf8.offset cont", utf8.offset, "h\u{e9}llo", 1, 3)
	show("utf8.offset end", utf8.offset, "ab", 3)
	show("utf8.offset 4 bytes", utf8.offset, "a\u{10348}b", 2)
	show("utf8.offset from end", utf8.offset, "a\u{10348}b", -2)
	show("utf8.offset bad i", utf8.offset, "abc", 1, 9)
	show("gc count type", function() return math.type(collectgarbage("count")) end)
	show("gc isrunning", collectgarbage, "isrunning")
	show("gc incremental", collectgarbage, "incremental")
	show("gc generational", collectgarbage, "generational")
	show("gc incremental again", collectgarbage, "incremental")
	show("gc setpause", collectgarbage, "setpause", 100)
	show("gc setstepmul", collectgarbage, "setstepmul", 200)
	show("gc bad", collectgarbage, "nosuch")
	for _, p in ipairs { "minormul", "majorminor", "minormajor", "pause", "stepmul", "stepsize" } do
		show("gc param " .. p, function() return L(collectgarbage("param", p)) end)
	end
	show("gc param set", function() return L(collectgarbage("param", "pause", 150)) end)
	show("gc param read back", function() return L(collectgarbage("param", "pause")) end)
	show("gc param bad", collectgarbage, "param", "nosuch")
	show("gc param none", collectgarbage, "param")
	show("gc step type", function() return type(collectgarbage("step")) end)
	show("gc step bad", collectgarbage, "step", "x")
	show("gc number option", collectgarbage, 5)
	show("pairs nothing", pairs)
	show("pairs is next", function() return pairs({}) == next end)
	show("remove number", table.remove, 5)
	show("remove table-like", table.remove, setmetatable({}, {
		__index = function(_, k) return "item" .. k end, __newindex = function() end, __len = function() return 2 end }))
	show("create bad rest", table.create, 1, -1)
	show("gc collect", collectgarbage, "collect")
	show("gc collect n", collectgarbage)
	show("gc stop", collectgarbage, "stop")
	show("gc isrunning stopped", collectgarbage, "isrunning")
	show("gc restart", collectgarbage, "restart")
	local mt = { __lt = function(a, b) return a.v < b.v end }
	local a, b = setmetatable({ v = 1 }, mt), setmetatable({ v = 2 }, mt)
	show("lt", function() return a < b, b > a end)
	show("table.create", function() local t = table.create(10, 4) return type(t), #t, next(t) end)
	show("table.create bad", function() return table.create(-1) end)
	for _, n in ipairs { "pow", "cosh", "sinh", "tanh", "log10", "frexp", "ldexp" } do
		show("math." .. n, function() return type(math[n]) end)
	end
	show("math.pow call", function() return math.pow(2, 3) end)
	show("unpack global", function() return unpack({ 1, 2 }) end)
	local t = {}
	show("index nil", function() return t.a.b end)
	show("call nil field", function() t.go() end)
	show("call nil method", function() t:go() end)
	show("call global", function() return nosuchfunction(1) end)
	show("arith on string", function() return "abc" + 1 end)
	show("arith on field", function() return t.count + 1 end)
	show("concat nil", function() return "n=" .. t.n end)
	show("compare", function() return 1 < "2" end)
	show("compare tables", function() return {} < {} end)
	show("length of number", function() local n = 5 return #n end)
	show("int div by zero", function() return 1 // 0 end)
	show("mod by zero", function() return 1 % 0 end)
	show("float to int", function() return 1.5 | 0 end)
	show("string to int", function() return "3.5" | 0 end)
	show("for step 0", function() for i = 1, 2, 0 do end end)
	show("for bad init", function() for i = "a", 2 do end end)
	show("pairs of nil", function() for k in pairs(nil) do end end)
	show("ipairs of nil", function() for k in ipairs(nil) do end end)
	show("pairs results", function() return select("#", pairs({})) end)
	show("format %d float", string.format, "%d", 1.5)
	show("format bad option", string.format, "%y", 1)
	show("format missing", string.format, "%s %s", 1)
	show("tostring no arg", tostring)
	show("setmetatable locked", function() return setmetatable(setmetatable({}, { __metatable = 1 }), {}) end)
	show("string.char 256", string.char, 256)
	show("next bad key", next, {}, "nokey")
	show("rawlen number", rawlen, 5)
	show("select 0", select, 0, 1)
	show("table.concat bad", table.concat, { 1, {}, 3 })
	show("table.unpack too many", table.unpack, {}, 1, 1e8)
	show("table.sort bad order", function()
		local x = {} for i = 1, 50 do x[i] = i % 5 end
		table.sort(x, function() return true end)
	end)
	show("load goto", load, "goto nowhere")
	show("load const", load, "local x <const> = 1; x = 2")
	show("load syntax", load, "x = = 1", "=mine")
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.ret(skynet.pack(CMD[cmd](...)))
	end)
	-- the same mistake in a handler: the dispatch error line as skynet logs it
	show("call to self", skynet.call, skynet.self(), "lua", "bad_remove", { 1 })
	skynet.sleep(10)
	skynet.abort()
end)
