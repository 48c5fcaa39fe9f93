-- skynet.sharetable: table files loaded once and read by many services; readers switch version only on update.
--
-- query returns a read-only proxy table onto the one shared copy (the same
-- C++ tree as sharedata: lua/sharedata_tree.h). skynet's sharetable returns a
-- real Lua table built in a shared Lua state, which stock Lua 5.4 cannot
-- share; the proxy is a table too and reads the same way (index, pairs,
-- ipairs, #), but through its metatable (rawget finds nothing).
local skynet = require "skynet"
local core = require "skynet.sharedata.core"

local sharetable = {}
local service
-- Runs in the service_cell (no upvalues may cross): the module is the service.
local function sharetable_service()
	require "skynet.sharetable_service"
end
local function address()
	if service == nil then
		service = require("skynet.service").new("sharetable", sharetable_service)
	end
	return service
end

local record = {} -- filename -> set of proxies this service got (weak)
-- When this service's Lua state closes, the sharetable service hears it (its
-- count of readers per version; skynet's reports the same way).
setmetatable(record, { __gc = function()
	if service then
		skynet.send(service, "lua", "close")
	end
end })

local function remember(filename, proxy)
	local set = record[filename]
	if set == nil then
		set = setmetatable({}, { __mode = "k" })
		record[filename] = set
	end
	set[proxy] = true
	return proxy
end

-- For the service (skynet/sharetable_service.lua): the arguments a source
-- may get, as skynet's C `matrix` copies them into the source's own state
-- (booleans, numbers, C functions without upvalues); anything else is
-- refused in its words, at this file's position as skynet's service (kept in
-- its sharetable.lua) has it, from "[C]: in field 'matrix'".
local raise = { matrix = error }
function sharetable.matrix_args(...)
	for i = 1, select("#", ...) do
		local v = select(i, ...)
		local t = type(v)
		if t == "function" then
			if debug.getinfo(v, "S").what ~= "C" or debug.getupvalue(v, 1) ~= nil then
				raise.matrix(string.format("bad argument #%d to 'matrix' (Only support light C function)", i + 1))
			end
		elseif t ~= "boolean" and t ~= "number" then
			raise.matrix(string.format("bad argument #%d to 'matrix' (Type invalid)", i + 1))
		end
	end
end

function sharetable.loadfile(filename, ...)
	skynet.call(address(), "lua", "loadfile", filename, ...)
end

function sharetable.loadstring(filename, source, ...)
	skynet.call(address(), "lua", "loadstring", filename, source, ...)
end

function sharetable.loadtable(filename, tbl)
	assert(type(tbl) == "table") -- a bare "assertion failed!", as skynet's
	skynet.call(address(), "lua", "loadtable", filename, tbl)
end

function sharetable.query(filename)
	local obj = skynet.call(address(), "lua", "query", filename)
	if obj then
		return remember(filename, core.box(obj, true))
	end
end

function sharetable.queryall(filenames)
	local ret = {}
	for filename, obj in pairs(skynet.call(address(), "lua", "queryall", filenames)) do
		ret[filename] = remember(filename, core.box(obj, true))
	end
	return ret
end

-- update(name, ...): every table this service got for these names now reads
-- the latest version; a sub-table the latest version no longer has is nil
-- wherever the service kept it (skynet/sharetable_replace.lua).
function sharetable.update(...)
	local stale = {}
	for _, filename in ipairs { ... } do
		local set = record[filename]
		if set then
			for proxy in pairs(set) do
				local obj = skynet.call(address(), "lua", "query", filename)
				if obj then
					core.switch(proxy, obj)
					core.stale(proxy, stale)
				end
			end
		end
	end
	if next(stale) then
		require "skynet.sharetable_replace"(stale)
	end
end

-- The service's helper, reached through the metatable: pairs(sharetable) lists skynet's keys only.
setmetatable(sharetable, { __index = {
	matrix_args = sharetable.matrix_args,
} })
sharetable.matrix_args = nil

return sharetable
