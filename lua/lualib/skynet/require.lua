-- skynet.require: a require that may yield, so a module can call other services while it loads, and skynet.init's two steps.
--
-- Lua's require is a C function: a module whose top level calls skynet.call
-- (which yields) would fail with "attempt to yield across a C-call boundary".
-- Outside the service's main chunk this loads the Lua file itself, in the
-- calling task; a second task asking for the same module meanwhile waits for
-- the first to finish instead of loading it twice.
--
-- skynet.init(f) (M.init) is the second step of loading a module, as
-- skynet's: f runs once the module's file has run. A module required by the
-- main chunk has its init functions run by skynet.start, before the start
-- function (init_all); one required by a task has them run as soon as it is
-- loaded. Anywhere else skynet.init fails as skynet's does (no list to add to).
local M = {}

local require = require -- Lua's; named as skynet's (a traceback shows "upvalue 'require'")
local loaded = package.loaded
local loading = {} -- module name -> { co = the loading task, tasks waiting for it }

local main_thread = coroutine.running()
-- task -> the init functions of the module it is loading (the main chunk's
-- until skynet.start runs them)
local init_lists = { [main_thread] = {} }

-- skynet.init's functions run by skynet/raise_here.lua's loop, compiled
-- from source on first use: a traceback names each `local 'f'` (our library's
-- bytecode has no local names), and a list already run fails as skynet's.
local function call_inits(list, always)
	if always or (list and list[1] ~= nil) then
		require("skynet.raise_here").run_inits(list)
	end
end

function M.require(name)
	local m = loaded[name]
	if m ~= nil then
		return m
	end
	local co, main = coroutine.running()
	if main or co == main_thread then
		return require(name)
	end
	local filename = package.searchpath(name, package.path)
	if not filename then
		return require(name) -- C modules and preloaded ones: Lua's own searchers
	end
	local modfunc = loadfile(filename)
	if not modfunc then
		return require(name) -- Lua's require words the compile error
	end
	local skynet = require "skynet"
	local queue = loading[name]
	if queue then
		assert(queue.co ~= co, "circular dependency")
		queue[#queue + 1] = co
		skynet.wait(co)
		m = loaded[name]
		if m == nil then
			error(string.format("require %s failed", name))
		end
		return m
	end
	queue = { co = co }
	loading[name] = queue
	local outer = init_lists[co]
	local inits = {}
	init_lists[co] = inits
	-- Run in Lua (not through a C call) so the module may yield.
	local function execute()
		local result = modfunc(name, filename)
		call_inits(inits)
		if result == nil then
			result = true
		end
		loaded[name] = result
	end
	local ok, err = xpcall(execute, debug.traceback)
	init_lists[co] = outer
	for _, waiter in ipairs(queue) do
		skynet.wakeup(waiter)
	end
	loading[name] = nil
	if not ok then
		error(err)
	end
	return loaded[name]
end

function M.init(f)
	assert(type(f) == "function")
	table.insert(init_lists[coroutine.running()], f)
end

-- skynet.start's first step: the init functions of what the main chunk required.
function M.init_all()
	local list = init_lists[main_thread]
	init_lists[main_thread] = nil
	call_inits(list, list == nil)
end

return M
