-- skynet.manager: launching, killing, naming services, and the low-level dispatch hooks.
local skynet = require "skynet"
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

-- forward_type(map, start): messages of type k are dispatched as type map[k],
-- and their buffers are not freed by the runtime (the handler passes them on).
local function trash_after(msg, sz, ...)
	c.trash(msg, sz)
	return ...
end

-- Under forward_type with RESPONSE in the map the runtime frees no response:
-- the service passes them on (skynet.ret(skynet.rawcall(...))). A skynet.call
-- unpacks its answer and is the last to need it, so this one frees it.
-- (skynet itself leaks these.)
local function call_freeing_responses(plain_call)
	return function(addr, typename, ...)
		local p = skynet._proto[typename]
		if p == nil then
			return plain_call(addr, typename, ...) -- which raises the usual error
		end
		local msg, sz = skynet.rawcall(addr, typename, p.pack(...))
		return trash_after(msg, sz, p.unpack(msg, sz))
	end
end

function skynet.forward_type(map, start_func)
	if map[skynet.PTYPE_RESPONSE] then
		skynet.call = call_freeing_responses(skynet.call)
	end
	c.callback(function(ptype, msg, sz, ...)
		local prototype = map[ptype]
		if prototype then
			skynet.dispatch_message(prototype, msg, sz, ...)
		else
			local ok, err = pcall(skynet.dispatch_message, ptype, msg, sz, ...)
			c.trash(msg, sz)
			if not ok then
				error(err, 0)
			end
		end
	end, true)
	skynet.timeout(0, function()
		skynet.init_service(start_func)
	end)
end

-- filter(f, start): every message goes through f(type, msg, sz, session,
-- source) first, and is dispatched as whatever f returns.
function skynet.filter(f, start_func)
	c.callback(function(...)
		skynet.dispatch_message(f(...))
	end)
	skynet.timeout(0, function()
		skynet.init_service(start_func)
	end)
end

-- Make this service a daemon: the runtime stops when only daemons are left.
function skynet.daemon()
	c.command("DAEMON")
end

return skynet
