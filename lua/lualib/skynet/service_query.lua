-- skynet.service_query: skynet.uniqueservice and skynet.queryservice, loaded on first use (skynet/lazy.lua).
return function(skynet, internal)
local assert_here = internal.assert_here -- in skynet.lua: its position reads as skynet's

function skynet.uniqueservice(global, ...)
	if global == true then
		return assert_here(skynet.call(".service", "lua", "GLOBAL", ...))
	end
	return assert_here(skynet.call(".service", "lua", "LAUNCH", global, ...))
end

function skynet.queryservice(global, ...)
	if global == true then
		return assert_here(skynet.call(".service", "lua", "GLOBAL_QUERY", ...))
	end
	return assert_here(skynet.call(".service", "lua", "QUERY", global, ...))
end
end
