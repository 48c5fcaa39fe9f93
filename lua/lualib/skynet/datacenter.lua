-- skynet.datacenter: a process-wide tree of values kept by the datacenterd service (started at boot).
--
-- set(k1, k2, ..., value) stores a leaf, get(k1, ...) reads a leaf or a whole
-- branch, wait(k1, ...) blocks the calling coroutine until that leaf is set.
-- Each is one call to datacenterd, so values travel packed (a copy per reader):
-- for one large table read by many, sharedata is the tool.
local skynet = require "skynet"

local datacenter = {}

-- bootstrap names the service "DATACENTER" (skynet's global name) and
-- ".datacenter" on the node that stands alone; there the local name is used,
-- as it needs no lookup in the harbor's names. Other nodes of a harbor
-- network call the global name, which lives on the master's node.
local SERVICE = ".datacenter"
if not skynet.getenv "standalone" then
	SERVICE = "DATACENTER"
end

function datacenter.get(...)
	return skynet.call(SERVICE, "lua", "QUERY", ...)
end

function datacenter.set(...)
	return skynet.call(SERVICE, "lua", "UPDATE", ...)
end

function datacenter.wait(...)
	return skynet.call(SERVICE, "lua", "WAIT", ...)
end

return datacenter
