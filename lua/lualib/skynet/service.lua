-- skynet.service: a named service made from a Lua function (no script file), one per name (service_provider).
--
--   local service = require "skynet.service"
--   local addr = service.new("counter", function(...) local skynet = require "skynet" ... end, args...)
--
-- The function is sent as bytecode to a fresh service_cell, which runs it as
-- its main chunk; so it may use no upvalue but _ENV (a local it captured
-- would not exist over there). Later new/query with the name get the same one.
local skynet = require "skynet"

local service = {}
local cache = {}  -- name -> address, what this service already learnt
local provider

local function get_provider()
	provider = provider or skynet.uniqueservice "service_provider"
	return provider
end

-- The function runs in another Lua state: it must not capture locals.
local function check(func)
	local info = debug.getinfo(func, "u")
	assert(info.nups == 1 and debug.getupvalue(func, 1) == "_ENV",
		"skynet.service: the main function may use no upvalue but _ENV")
end

function service.new(name, mainfunc, ...)
	local p = get_provider()
	local address, booting = skynet.call(p, "lua", "test", name)
	if not address then
		if booting then
			address = skynet.call(p, "lua", "query", name)
		else
			check(mainfunc)
			address = skynet.call(p, "lua", "launch", name, string.dump(mainfunc), ...)
		end
	end
	cache[name] = address
	return address
end

-- Forget the name and kill its service; false if there was none.
function service.close(name)
	local address = skynet.call(get_provider(), "lua", "close", name)
	if address then
		cache[name] = nil
		skynet.kill(address)
		return true
	end
	return false
end

-- The address of a named service; waits while it boots.
function service.query(name)
	if not cache[name] then
		cache[name] = skynet.call(get_provider(), "lua", "query", name)
	end
	return cache[name]
end

return service
