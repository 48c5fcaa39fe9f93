-- skynet.require: a require that may yield, so a module can call other services while it loads.
--
-- Lua's require is a C function: a module whose top level calls skynet.call
-- (which yields) would fail with "attempt to yield across a C-call boundary".
-- Outside the service's main chunk this loads the Lua file itself, in the
-- calling task; a second task asking for the same module meanwhile waits for
-- the first to finish instead of loading it twice.
local M = {}

local lua_require = require
local loaded = package.loaded
local loading = {} -- module name -> tasks waiting for it to finish loading

local main_thread = coroutine.running()

function M.require(name)
	local m = loaded[name]
	if m ~= nil then
		return m
	end
	local co = coroutine.running()
	if co == main_thread then
		return lua_require(name)
	end
	local filename = package.searchpath(name, package.path)
	if not filename then
		return lua_require(name) -- C modules and preloaded ones: Lua's own searchers
	end
	local skynet = lua_require "skynet"
	local waiting = loading[name]
	if waiting then
		if waiting.owner == co then
			error(string.format("loop or previous error loading module '%s'", name), 2)
		end
		waiting[#waiting + 1] = co
		skynet.wait(co)
		m = loaded[name]
		if m == nil then
			error(string.format("module '%s' failed to load in another task", name), 2)
		end
		return m
	end
	local modfunc, err = loadfile(filename)
	if not modfunc then
		error(string.format("error loading module '%s' from file '%s':\n\t%s", name, filename, err), 2)
	end
	waiting = { owner = co }
	loading[name] = waiting
	local ok, result = pcall(modfunc, name, filename)
	loading[name] = nil
	if ok then
		if result ~= nil then
			loaded[name] = result
		elseif loaded[name] == nil then
			loaded[name] = true
		end
	end
	for _, waiter in ipairs(waiting) do
		skynet.wakeup(waiter)
	end
	if not ok then
		error(result, 0)
	end
	return loaded[name], filename
end

return M
