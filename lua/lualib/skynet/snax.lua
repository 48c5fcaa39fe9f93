-- skynet.snax: snax services: a file of accept.* and response.* functions run by snaxd, reached through obj.post / obj.req.
--
--   local snax = require "skynet.snax"
--   local ps = snax.newservice("pingserver", args...)  -- runs its init(args...)
--   ps.post.hello()          -- accept.hello: a send
--   local r = ps.req.ping(1) -- response.ping: a call
--   snax.kill(ps)            -- runs its exit(), then it exits
local skynet = require "skynet"
local snax_interface = require "snax.interface"

local snax = {}
local typeclass = {} -- name -> { name, accept = {name -> id}, response = {...}, system = {...} }

-- The caller loads the file only to number its methods: its requires are skipped.
local interface_g = skynet.getenv("snax_interface_g")
local G = interface_g and require(interface_g) or { require = function() end }

skynet.register_protocol {
	name = "snax",
	id = skynet.PTYPE_SNAX,
	pack = skynet.pack,
	unpack = skynet.unpack,
}

function snax.interface(name)
	if typeclass[name] then
		return typeclass[name]
	end
	local class = { name = name, accept = {}, response = {}, system = {} }
	for _, method in ipairs(snax_interface(name, G)) do
		local id, group, method_name = method[1], method[2], method[3]
		class[group][method_name] = id
	end
	typeclass[name] = class
	return class
end

local meta = { __tostring = function(obj) return string.format("[%s:%x]", obj.type, obj.handle) end }

local function posts(class, handle)
	return setmetatable({}, { __index = function(_, k)
		local id = class.accept[k]
		if not id then
			error(string.format("post %s:%s no exist", class.name, k))
		end
		return function(...)
			skynet.send(handle, "snax", id, ...)
		end
	end })
end

local function requests(class, handle)
	return setmetatable({}, { __index = function(_, k)
		local id = class.response[k]
		if not id then
			error(string.format("request %s:%s no exist", class.name, k))
		end
		return function(...)
			return skynet.call(handle, "snax", id, ...)
		end
	end })
end

local bound = setmetatable({}, { __mode = "kv" }) -- handle -> object

function snax.bind(handle, name)
	local obj = bound[handle]
	if obj then
		assert(obj.type == name) -- a bare "assertion failed!", as skynet's
		return obj
	end
	local class = snax.interface(name)
	obj = setmetatable({ post = posts(class, handle), req = requests(class, handle), type = name, handle = handle }, meta)
	bound[handle] = obj
	return obj
end

-- Start a snaxd running `name`, call its init(...); returns the handle.
function snax.rawnewservice(name, ...)
	local class = snax.interface(name)
	local handle = skynet.newservice("snaxd", name)
	skynet.call(handle, "snax", class.system.init, ...)
	return handle
end

function snax.newservice(name, ...)
	return snax.bind(snax.rawnewservice(name, ...), name)
end

function snax.uniqueservice(name, ...)
	return snax.bind(assert(skynet.call(".service", "lua", "LAUNCH", "snaxd", name, ...)), name)
end

function snax.globalservice(name, ...)
	return snax.bind(assert(skynet.call(".service", "lua", "GLAUNCH", "snaxd", name, ...)), name)
end

function snax.queryservice(name)
	return snax.bind(assert(skynet.call(".service", "lua", "QUERY", "snaxd", name)), name)
end

function snax.queryglobal(name)
	return snax.bind(assert(skynet.call(".service", "lua", "GQUERY", "snaxd", name)), name)
end

-- Run the service's exit(...), then it exits.
function snax.kill(obj, ...)
	local class = snax.interface(obj.type)
	skynet.call(obj.handle, "snax", class.system.exit, ...)
end

function snax.self()
	return snax.bind(skynet.self(), SERVICE_NAME)
end

function snax.exit(...)
	snax.kill(snax.self(), ...)
end

-- Replace the service's functions with those of `source`, keeping their
-- upvalues (state); returns what the patch's hotfix(...) returns.
function snax.hotfix(obj, source, ...)
	local class = snax.interface(obj.type)
	local function check(ok, ...)
		if ok then
			return ...
		end
		error(...)
	end
	return check(skynet.call(obj.handle, "snax", class.system.hotfix, source, ...))
end

function snax.printf(fmt, ...)
	skynet.error(string.format(fmt, ...))
end

-- { method = { count, time } } for each method the service ran.
function snax.profile_info(obj)
	local class = snax.interface(obj.type)
	return skynet.call(obj.handle, "snax", class.system.profile)
end

return snax
