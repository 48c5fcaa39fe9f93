-- skynet.setenv: skynet.setenv and skynet.memlimit, the two writes to a service's environment, loaded on first use (skynet/lazy.lua).
return function(skynet, internal)
local c = internal.c

-- memlimit(bytes): cap this service's Lua memory; call it before skynet.start
-- (snlua reads it when the script has loaded). Once only, as skynet's.
function skynet.memlimit(bytes)
	debug.getregistry().memlimit = bytes
	skynet.memlimit = nil
end

-- Compiled from source under skynet.lua's chunk name, as skynet's is there:
-- a nil key fails in its GETENV ("bad argument #2 to 'command'"), a value
-- that is not a string or number in the join ("attempt to concatenate a
-- boolean value (local 'value')"), both at skynet.lua's position.
skynet.setenv = load([[
local c = ...
return function(key, value)
	assert(c.command("GETENV", key) == nil, "Can't setenv exist key : " .. key)
	c.command("SETENV", key .. " " .. value)
end
]], debug.getinfo(internal.assert_here, "S").source)(c)
end
