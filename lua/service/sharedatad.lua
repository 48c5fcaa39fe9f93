-- sharedatad: owns the tables of skynet.sharedata, each converted once into a tree shared by all readers.
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.sharedata.core"

local pool = {} -- name -> shared object (pool holds one reference)
-- lua_close collects the pool when this service ends (killed, or the runtime
-- shutting down): its references go, and a tree no reader holds is freed.
setmetatable(pool, { __gc = function(p)
	for _, obj in pairs(p) do core.decref(obj) end
end })
local CMD = {}
local env_mt = { __index = _ENV }

-- The value of new/update: a table, Lua source (or "@file") run in its own
-- environment (what it returns, or the globals it set), or nil for {}.
local function load_value(name, value, ...)
	local kind = type(value)
	if kind == "table" then
		return value
	elseif kind == "nil" then
		return {}
	elseif kind == "string" then
		local env = setmetatable({}, env_mt)
		local f, err
		if value:sub(1, 1) == "@" then
			f, err = loadfile(value:sub(2), "t", env)
		else
			f, err = load(value, "=" .. name, "t", env)
		end
		assert(f, err) -- skynet's words: the load error, positioned here
		-- as skynet's: run under pcall, a failure raised again by assert
		-- (positioned here; the code's own frames not in the traceback)
		local _, ret = assert(pcall(f, ...))
		setmetatable(env, nil)
		if type(ret) == "table" then
			return ret
		end
		return env
	end
	error("Unknown data type " .. kind)
end

local function check_name(name)
	if type(name) ~= "string" then
		error("sharedata: the name must be a string, got " .. type(name), 0)
	end
end

function CMD.new(name, value, ...)
	check_name(name)
	assert(pool[name] == nil) -- skynet's: "assertion failed!"
	pool[name] = core.new(load_value(name, value, ...))
end

function CMD.query(name)
	check_name(name)
	local obj = assert(pool[name], name) -- skynet's: the name is the message
	-- a reference for the reader, taken before the reply so the data cannot
	-- go away on its way there; the reader's box releases it
	core.incref(obj)
	return obj
end

function CMD.update(name, value, ...)
	check_name(name)
	local newobj = core.new(load_value(name, value, ...))
	local old = pool[name]
	pool[name] = newobj
	if old then
		-- lesson 20.4: the old version points at the new one; readers follow on next access
		core.supersede(old, newobj)
		core.decref(old)
	end
end

function CMD.delete(name)
	check_name(name)
	local obj = assert(pool[name])
	pool[name] = nil
	-- readers keep the version they hold; it is freed when the last lets go.
	-- Their next query of the name fails, as skynet's.
	core.markdeleted(obj)
	core.decref(obj)
end

function CMD.size(name)
	return pool[name] and core.size(pool[name])
end

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = CMD[cmd]
		if f == nil then
			error("sharedatad: unknown command " .. tostring(cmd))
		end
		skynet.retpack(f(...))
	end)
end)
