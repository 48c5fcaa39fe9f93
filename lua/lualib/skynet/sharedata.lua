-- skynet.sharedata: one read-only copy of a large table, shared by every service that queries it.
--
-- sharedatad owns the data; query returns a proxy onto the one shared copy
-- (lua/lua_sharedata.cpp over lua/sharedata_tree.h), so a reader pays only for the parts it reads.
-- After update, every reader sees the new version on its next access.
local skynet = require "skynet"
local core = require "skynet.sharedata.core"
require "skynet.sharedata.corelib" -- a write to a proxy raises from there, as on skynet

local service
skynet.init(function()
	service = skynet.uniqueservice "sharedatad"
end)

local sharedata = {}
local cache = setmetatable({}, { __mode = "kv" }) -- name -> root proxy

function sharedata.query(name)
	local proxy = cache[name]
	if proxy and not core.deleted(proxy) then
		return proxy
	end
	cache[name] = nil -- deleted: sharedatad says so (or has a new one by that name)
	-- lesson 20.3: the reply is the address of the shared tree, not a copy of it
	local obj = skynet.call(service, "lua", "query", name)
	proxy = cache[name]
	if proxy then
		-- another coroutine of ours queried it meanwhile
		core.decref(obj)
		return proxy
	end
	proxy = core.box(obj)
	cache[name] = proxy
	return proxy
end

-- new(name, value, ...): value is a table, Lua source returning a table (or
-- setting globals), "@filename" of such a source, or nil for an empty table.
function sharedata.new(name, value, ...)
	skynet.call(service, "lua", "new", name, value, ...)
end

function sharedata.update(name, value, ...)
	skynet.call(service, "lua", "update", name, value, ...)
end

function sharedata.delete(name)
	skynet.call(service, "lua", "delete", name)
end

-- Readers move to a new version on their next access anyway; flush makes
-- every cached proxy look now (and lets unused old versions go).
function sharedata.flush()
	for _, proxy in pairs(cache) do
		core.flush(proxy)
	end
	collectgarbage()
end

-- deepcopy(name, k1, ...): an ordinary Lua table copied from the shared data
-- (or from the part at that path).
function sharedata.deepcopy(name, ...)
	return core.copy(sharedata.query(name), ...)
end

return sharedata
