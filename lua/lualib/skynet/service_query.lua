-- skynet.service_query: skynet.uniqueservice and skynet.queryservice, loaded on first use (skynet/lazy.lua).
return function(skynet, internal)
local assert_here = internal.assert_here -- in skynet.lua: its position reads as skynet's

-- Not tail calls: skynet's call the C assert, so its tracebacks keep the
-- caller's frame and show no "(...tail calls...)"; a Lua assert_here in tail
-- position would drop it.

function skynet.uniqueservice(global, ...)
	if global == true then
		local address = assert_here(skynet.call(".service", "lua", "GLOBAL", ...))
		return address
	end
	local address = assert_here(skynet.call(".service", "lua", "LAUNCH", global, ...))
	return address
end

function skynet.queryservice(global, ...)
	if global == true then
		local address = assert_here(skynet.call(".service", "lua", "GLOBAL_QUERY", ...))
		return address
	end
	local address = assert_here(skynet.call(".service", "lua", "QUERY", global, ...))
	return address
end
end
