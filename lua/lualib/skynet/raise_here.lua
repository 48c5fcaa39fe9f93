-- skynet.raise_here: a few functions compiled from source under skynet.lua's chunk name, on first use, for the errors skynet raises there.
--
-- skynet raises some errors in its skynet.lua where we keep the code in
-- skynet/*.lua, and our library's bytecode has no local names
-- (lua/dump_strip.cpp). A mistaken call (a float tick count, a nil key)
-- goes through one of these, compiled from source under skynet.lua's name,
-- so it fails at skynet's position and in its words (`bad argument #2 to
-- 'cintcommand'`, `(upvalue 'f')`). Loaded and compiled on first use only:
-- each source held by the modules that use them cost every service ~0.3-1
-- KiB of Lua memory (lua_test_service_cost: 98.7 -> 102.1 KiB for five).
local c = require "skynet.core"

local SOURCES = {
	-- sleep/timeout of a tick count that is not an integer
	cintcommand = [[local c = ...
local cintcommand = c.intcommand
return function(ti) return cintcommand("TIMEOUT", ti) end]],
	-- fork(nil), timeout(ti, nil): fails when it runs
	call_nil = "local f\nreturn function() f() end",
	localname = "local c = ...\nreturn function(name) return c.addresscommand(\"QUERY\", name) end",
	getenv = "local c = ...\nreturn function(key) return (c.command(\"GETENV\", key)) end",
	-- send/call of a protocol registered without pack, an answer without unpack
	no_pack = "local p = {}\nreturn function(...) return p.pack(...) end",
	no_unpack = "local p = {}\nreturn function(...) return p.unpack(...) end",
	-- killthread's name is a Lua pattern (a malformed one raises at skynet.lua)
	find = "return function(s, pattern) return s:find(pattern) end",
	-- skynet.init's functions, each called through a local `f` as skynet's
	-- (a traceback says "in local 'f'"), by ipairs's own iterator on the list:
	-- a list already run (skynet.start called twice) fails as skynet's, with
	-- `attempt to index a nil value` from `[C]: in for iterator`
	run_inits = "local next_init = ipairs {}\n"
		.. "return function(list) for _, f in next_init, list, 0 do f() end end",
}

local skynet_lua = debug.getinfo(1, "S").source:gsub("skynet/raise_here%.lua$", "skynet.lua")

return setmetatable({}, { __index = function(compiled, name)
	local f = assert(load(SOURCES[name], skynet_lua))(c)
	compiled[name] = f
	return f
end })
