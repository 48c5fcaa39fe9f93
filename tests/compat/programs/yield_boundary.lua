-- yield_boundary: skynet calls made where Lua cannot yield: inside table.sort's comparator, string.gsub's
-- function, a __tostring, load's reader; and where it can (pcall, xpcall, metamethods
-- __index/__add/__lt/__concat/__call/__eq/__len, __close, a for iterator, a plain coroutine.wrap): what each gives back and the error's words.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, v)
			if v == "hold" then skynet.wait() end
			skynet.retpack(v)
		end)
	end)
	return
end

local echo

local function ask(v)
	return skynet.call(echo, "lua", v)
end

local function hold(v)
	return skynet.call(echo, "lua", "hold")
end

local function try(what, f, ...)
	log(what, pcall(f, ...))
end

skynet.start(function()
	echo = skynet.newservice(SERVICE_NAME, "echo")
	-- can yield
	log("pcall", pcall(ask, "p"))
	log("xpcall", xpcall(ask, debug.traceback, "xp"))
	local meta = setmetatable({}, {
		__index = function(_, k) return ask("idx " .. k) end,
		__add = function(_, b) return ask(b + 1) end,
		__lt = function() return ask(true) end,
		__concat = function(_, b) return ask("cat " .. b) end,
		__call = function(_, a) return ask("call " .. a) end,
		__eq = function() return ask(false) end,
		__len = function() return ask(5) end,
	})
	log("__index", meta.key)
	log("__add", meta + 1)
	log("__lt", meta < meta)
	log("__concat", meta .. "z")
	log("__call", meta("c"))
	log("__eq", meta == setmetatable({}, getmetatable(meta)))
	log("__len", #meta)
	do
		local closer <close> = setmetatable({}, { __close = function() log("__close", ask("closed")) end })
		log("in block")
	end
	local function iter(_, i)
		if i < 3 then return i + 1, ask(i * 10) end
	end
	for i, v in iter, nil, 0 do log("iter", i, v) end
	log("tasks before", skynet.task())
	-- a plain coroutine.wrap: skynet's yield comes back to its caller (the task goes on)
	log("coroutine.wrap in task", pcall(coroutine.wrap(function() return hold("wrapped") end)))
	log("tasks after wrap", skynet.task())
	-- cannot yield: C functions calling back into Lua. Each waits on something that never
	-- comes (a call never answered, a token never woken), so only the refusal is seen.
	try("sort", function()
		local t = { 3, 1, 2 }
		table.sort(t, function(a, b) return hold(a) < hold(b) end)
		return table.concat(t, ",")
	end)
	try("gsub", function()
		return (string.gsub("a b", "%a", function(c) return hold(c) end))
	end)
	try("tostring meta", function()
		return tostring(setmetatable({}, { __tostring = function() return hold("ts") end }))
	end)
	try("load reader", function()
		local done = false
		return load(function()
			if done then return nil end
			done = true
			return "return " .. hold("7")
		end)
	end)
	try("wait in gsub", function()
		return (string.gsub("x", "x", function() skynet.wait("w") return "y" end))
	end)
	try("yield in sort", function()
		local t = { 2, 1 }
		table.sort(t, function(a, b) coroutine.yield() return a < b end)
		return t[1]
	end)
	log("tasks after", skynet.task())
	log("still running", pcall(ask, "end"))
	skynet.sleep(10)
	skynet.abort()
end)
