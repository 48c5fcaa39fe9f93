-- skynet.lazy: the parts of skynet.lua a service loads on first use (skynet.debug, skynet.trace, skynet.request, and the rarely called API).
--
-- Most services never trace, make a skynet.request or answer a debug
-- command, and every service is a Lua state of its own that keeps what it
-- loaded: loading these three on first use saves ~22 KiB of each service's
-- memory (a plain service goes from ~123 to ~100 KiB by collectgarbage
-- "count", tests/lua/test_service_cost.lua) and ~20% of what creating a
-- service costs (docs/benchmarks.md). The cost: the first skynet.trace,
-- skynet.request, skynet.task, ... or debug message of a service loads its
-- module then (from the code cache), and pairs(skynet) lists those
-- functions only once they are loaded.
--
-- The rarely called API goes the same way: skynet.response, ignoreret and
-- context (skynet/response_later.lua), uniqueservice and queryservice
-- (skynet/service_query.lua), setenv and memlimit (skynet/setenv.lua),
-- exit (skynet/exit.lua), rawsend, rawcall and redirect (skynet/call_raw.lua),
-- and skynet.manager's forward_type, filter and daemon (skynet/forward.lua).
-- Each Lua function a service loads is undumped into its own state (the code
-- cache, lua/lua_codecache.cpp): these cost ~97 K instructions of a plain
-- service's create+kill (bench_spawn); a service that calls one pays it at
-- its first call instead, plus one require (~10-15 K instructions).
return function(skynet, internal)
local proto = internal.proto

local lazy_loaded = {}
local function load_part(name)
	if not lazy_loaded[name] then
		lazy_loaded[name] = true
		if name == "skynet.debug" then
			-- The "debug" protocol below was a stand-in: the module registers
			-- the real one, keeping a dispatch the service set meanwhile.
			local standin = proto.debug
			proto.debug, proto[skynet.PTYPE_DEBUG] = nil, nil
			require("skynet.debug").init(skynet, internal)
			if standin.dispatch ~= standin.first_dispatch then
				proto.debug.dispatch = standin.dispatch
			end
		else
			require(name)(skynet, internal)
		end
	end
end
local lazy_fields = {
	tracelog = "skynet.trace", trace = "skynet.trace", tracetag = "skynet.trace",
	trace_timeout = "skynet.trace", tracecall = "skynet.trace", endless = "skynet.debug",
	request = "skynet.request",
	mqlen = "skynet.debug", stat = "skynet.debug", task = "skynet.debug", uniqtask = "skynet.debug",
	killthread = "skynet.debug", term = "skynet.debug", info_func = "skynet.debug",
	response = "skynet.response_later", ignoreret = "skynet.response_later",
	context = "skynet.response_later",
	uniqueservice = "skynet.service_query", queryservice = "skynet.service_query",
	setenv = "skynet.setenv", memlimit = "skynet.setenv",
	exit = "skynet.exit",
	rawsend = "skynet.call_raw", rawcall = "skynet.call_raw", redirect = "skynet.call_raw",
}
-- skynet._lazy(module, name...): the fields `name...` of skynet come from
-- module (called with skynet and the internals) on first use. For a part of
-- another module (skynet.manager's forward_type...), so those names exist
-- only once that module is required.
function skynet._lazy(module, ...)
	for _, name in ipairs { ... } do
		lazy_fields[name] = module
	end
end
setmetatable(skynet, { __index = function(_, key)
	if key == "cache" then -- skynet.cache is the code cache module, as skynet's
		rawset(skynet, "cache", require "skynet.codecache")
		return rawget(skynet, "cache")
	end
	local part = lazy_fields[key]
	if part then
		load_part(part)
		return rawget(skynet, key)
	end
end })
-- Every service answers debug messages (the console's mem, stat, info...):
-- the first one loads skynet.debug and goes to its dispatch.
local function debug_first_dispatch(...)
	load_part("skynet.debug")
	return proto.debug.dispatch(...)
end
skynet.register_protocol {
	name = "debug",
	id = skynet.PTYPE_DEBUG,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = debug_first_dispatch,
	first_dispatch = debug_first_dispatch,
}
end
