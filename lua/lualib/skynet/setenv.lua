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

-- "key value", joined as skynet's skynet.lua joins them, from source with
-- its chunk name: a value that is not a string or a number raises its
-- "attempt to concatenate a boolean value (local 'value')" there.
local join = load("local key, value = ...\nreturn key .. \" \" .. value", debug.getinfo(assert_here, "S").source)

function skynet.setenv(key, value)
	assert_here(c.command("GETENV", key) == nil, "Can't setenv exist key : " .. tostring(key))
	c.command("SETENV", join(key, value))
end
end
