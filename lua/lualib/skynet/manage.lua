-- skynet.manage: skynet.manager's launch, kill, abort, register, name and monitor, loaded on first use once skynet.manager is required (skynet/lazy.lua).
--
-- Many services require skynet.manager (skynet's own examples do) and
-- never call these, or call them once: loading them on first use saves
-- ~33 K instructions of a create+kill of such a service (bench_spawn's
-- child, callgrind).
return function(skynet)
local c = skynet._core

-- launch(module, ...) starts a C++ service module directly ("snlua", "logger").
function skynet.launch(...)
	local addr = c.command("LAUNCH", table.concat({ ... }, " "))
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

function skynet.kill(name)
	local addr = number_address(name)
	if addr then
		skynet.send(".launcher", "lua", "REMOVE", addr, true)
		name = skynet.address(addr)
	end
	c.command("KILL", name)
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
	c.command("ABORT", code and tostring(code) or nil)
end

-- A name without a leading dot is global: the harbor keeps it (skynet.harbor).
-- Returns false for a local name, which the caller binds itself.
local function globalname(name, handle)
	local first = name:sub(1, 1)
	assert(first ~= ":", "a name can't start with ':' : " .. name)
	if first == "." then
		return false
	end
	assert(#name < 16, "a global name is shorter than 16 bytes: " .. name)
	assert(tonumber(name) == nil, "a global name can't be a number: " .. name)
	require("skynet.harbor").globalname(name, handle)
	return true
end

function skynet.register(name)
	if not globalname(name) then
		c.command("REG", name)
	end
end

function skynet.name(name, handle)
	if not globalname(name, handle) then
		c.command("NAME", name .. " " .. skynet.address(handle))
	end
end
end
