-- skynet.forward: skynet.manager's forward_type, filter and daemon, loaded on first use once skynet.manager is required (skynet/lazy.lua).
local c = require "skynet.core"

return function(skynet)
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

-- A message dispatched as skynet's dispatch_message does it for these
-- callbacks: the message, its forks, then a raise through skynet's assert
-- (skynet.lua's after_dispatch, which the C side runs for the batch callback).
local function dispatch(...)
	local ok, err = pcall(skynet.dispatch_message, ...)
	if not ok then
		skynet._after_dispatch(true, err)
	end
end

-- A type not in the map is dispatched, freed, and its error raised again
-- from skynet.manager's chunk, as skynet's forward_type does (its log line
-- reads "manager.lua:N: skynet.lua:N: ...", traceback "in global 'error'").
local dispatch_unmapped = load([[
local c, dispatch = ...
return function(ptype, msg, sz, ...)
	local ok, err = pcall(dispatch, ptype, msg, sz, ...)
	c.trash(msg, sz)
	if not ok then
		error(err)
	end
end
]], (debug.getinfo(skynet._after_dispatch, "S").source:gsub("skynet%.lua$", "skynet/manager.lua")))(c, dispatch)

function skynet.forward_type(map, start_func)
	if map[skynet.PTYPE_RESPONSE] then
		skynet.call = call_freeing_responses(skynet.call)
	end
	c.callback(function(ptype, msg, sz, ...)
		local prototype = map[ptype]
		if prototype then
			dispatch(prototype, msg, sz, ...)
		else
			dispatch_unmapped(ptype, msg, sz, ...)
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
		dispatch(f(...))
	end)
	skynet.timeout(0, function()
		skynet.init_service(start_func)
	end)
end

-- Make this service a daemon: the runtime stops when only daemons are left.
function skynet.daemon()
	c.command("DAEMON")
end
end
