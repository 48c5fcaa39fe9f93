-- skynet.setenv: skynet.setenv and skynet.memlimit, the two writes to a service's environment, loaded on first use (skynet/lazy.lua).
return function(skynet, internal)
local c = internal.c
local assert_here = internal.assert_here -- in skynet.lua: its position reads as skynet's

-- memlimit(bytes): cap this service's Lua memory; call it before skynet.start
-- (snlua reads it when the script has loaded). Once only, as skynet's.
function skynet.memlimit(bytes)
	debug.getregistry().memlimit = bytes
	skynet.memlimit = nil
end

function skynet.setenv(key, value)
	assert_here(c.command("GETENV", key) == nil, "Can't setenv exist key : " .. tostring(key))
	c.command("SETENV", key .. " " .. tostring(value))
end
end
