-- skynet.manage: skynet.manager's launch, kill, abort, register, name and monitor, loaded on first use once skynet.manager is required (skynet/lazy.lua).
--
-- Many services require skynet.manager (skynet's own examples do) and
-- never call these, or call them once: loading them on first use saves
-- ~33 K instructions of a create+kill of such a service (bench_spawn's
-- child, callgrind).
return function(skynet)
local c = skynet._core

-- launch(module, ...) starts a C++ service module directly ("snlua", "logger").
-- The words are joined as skynet's Lua 5.5 joins `{ ... }`: up to 5.5's length
-- (skynet.border; a nil first gives "", which no module answers), floats as
-- tostring writes them.
function skynet.launch(...)
	local words = { ... }
	for i, v in pairs(words) do
		if math.type(v) == "float" then words[i] = tostring(v) end
	end
	local border = require "skynet.border"
	local addr = c.command("LAUNCH", table.concat(words, " ", 1, border(words, select("#", ...))))
	if addr then
		return tonumber(addr:sub(2), 16)
	end
end

-- A number or ":hex" string is an address: the launcher forgets it first.
local function number_address(name)
	if type(name) == "number" then
		return name
	elseif type(name) == "string" then
		local hex = name:match "^:(%x+)"
		return hex and tonumber(hex, 16)
	end
end

-- monitor(service [, query]): the global unique `service` (started, or only
-- looked up with `query`) becomes the exit monitor: every service that exits
-- or is killed afterwards sends it an empty PTYPE_CLIENT message (source: the
-- service gone), as skynet's simplemonitor expects.
function skynet.monitor(service, query)
	local monitor
	if query then
		monitor = skynet.queryservice(true, service)
	else
		monitor = skynet.uniqueservice(true, service)
	end
	assert(monitor, "Monitor launch failed")
	c.command("MONITOR", string.format(":%08x", monitor))
	return monitor
end

-- abort([code]): stop the whole runtime now. The exit code is skyglass's
-- addition (skynet's abort takes none), used by tests to report failure.
function skynet.abort(code)
	if code then c.command("ABORT", tostring(code)) else c.command("ABORT") end
end

-- kill, register and name, compiled from source under skynet.manager's
-- chunk name: a mistaken argument fails as in skynet's manager.lua, at its
-- position and in its words (`bad argument #1 to 'sub' (string expected, got
-- nil)`, `attempt to get length of a number value (local 'name')`, a bare
-- `assertion failed!` for a ':' or a global name of 16 bytes or more).
-- A name without a leading dot is global: the harbor keeps it (skynet.harbor).
local manager_source = debug.getinfo(skynet.launch, "S").source:gsub("manage%.lua$", "manager.lua")
skynet.kill, skynet.register, skynet.name = load([[
local skynet, c, number_address = ...
local function kill(name)
	local addr = number_address(name)
	if addr then
		skynet.send(".launcher", "lua", "REMOVE", addr, true)
		name = skynet.address(addr)
	end
	c.command("KILL", name)
end
local function globalname(name, handle)
	local first = string.sub(name, 1, 1)
	assert(first ~= ":")
	if first == "." then
		return false
	end
	assert(#name < 16)
	assert(tonumber(name) == nil)
	require("skynet.harbor").globalname(name, handle)
	return true
end
local function register(name)
	if not globalname(name) then
		c.command("REG", name)
	end
end
local function name(name, handle)
	if not globalname(name, handle) then
		c.command("NAME", name .. " " .. skynet.address(handle))
	end
end
return kill, register, name
]], manager_source)(skynet, c, number_address)
end
