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

function skynet.kill(name)
	if type(name) == "number" then
		skynet.send(".launcher", "lua", "REMOVE", name, true)
		name = skynet.address(name)
	end
	c.command("KILL", name)
end

-- abort([code]): stop the whole runtime now. The exit code is skyglass's
-- addition (skynet's abort takes none), used by tests to report failure.
function skynet.abort(code)
	c.command("ABORT", code and tostring(code) or nil)
end

local function check_local_name(name)
	if type(name) ~= "string" or name:sub(1, 1) ~= "." then
		error("only local names (starting with '.') are supported in this node: " .. tostring(name), 3)
	end
end

function skynet.register(name)
	check_local_name(name)
	c.command("REG", name)
end

function skynet.name(name, handle)
	check_local_name(name)
	c.command("NAME", name .. " " .. skynet.address(handle))
end

-- forward_type(map, start): messages of type k are dispatched as type map[k],
-- and their buffers are not freed by the runtime (the handler passes them on).
function skynet.forward_type(map, start_func)
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
