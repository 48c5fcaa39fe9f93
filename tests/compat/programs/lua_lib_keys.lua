-- lua_lib_keys: the keys of Lua's own libraries as a skynet service sees them (_G, string, table, math,
-- utf8, coroutine, os, io, debug, package), sorted with their types: what a program finds there and
-- what it does not (functions 5.5 dropped or added).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local function keys(t)
	local list = {}
	for k, v in pairs(t) do list[#list + 1] = tostring(k) .. ":" .. type(v) end
	table.sort(list)
	return table.concat(list, " ")
end

skynet.start(function()
	local globals = {}
	for k, v in pairs(_G) do
		-- skynet's globals besides Lua's: its loader leaves some (SERVICE_NAME ...); list those by name only
		globals[#globals + 1] = tostring(k) .. ":" .. type(v)
	end
	table.sort(globals)
	skynet.error("_G", table.concat(globals, " "))
	for _, name in ipairs { "string", "table", "math", "utf8", "coroutine", "os", "io", "debug" } do
		skynet.error(name, keys(_G[name]))
	end
	local pk = {}
	for k, v in pairs(package) do
		if k ~= "loaded" and k ~= "preload" then pk[#pk + 1] = k .. ":" .. type(v) end
	end
	table.sort(pk)
	skynet.error("package", table.concat(pk, " "))
	skynet.error("numbers", math.maxinteger, math.mininteger, math.huge, math.pi)
	skynet.error("string metatable", keys(getmetatable("")), getmetatable("").__index == string)
	skynet.sleep(10)
	skynet.abort()
end)
