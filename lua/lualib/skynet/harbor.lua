-- skynet.harbor: global names and links between nodes, asked of the harbor's slave (".cslave").
--
-- In one node (harbor = 0, skyglass's only mode) ".cslave" is cdummy: global
-- names live in this process, link answers at once, and connect (waiting for
-- another harbor) says it cannot happen and never returns, as on skynet.
local skynet = require "skynet"

local harbor = {}

-- Bind a global name (no leading dot) to handle (default: this service).
function harbor.globalname(name, handle)
	skynet.send(".cslave", "lua", "REGISTER", name, handle or skynet.self())
end

-- The address of a global name; waits until someone registers it.
function harbor.queryname(name)
	return skynet.call(".cslave", "lua", "QUERYNAME", name)
end

-- Wait until harbor `id` goes away (in one node: returns at once).
function harbor.link(id)
	skynet.call(".cslave", "lua", "LINK", id)
end

-- Wait until harbor `id` is connected.
function harbor.connect(id)
	skynet.call(".cslave", "lua", "CONNECT", id)
end

function harbor.linkmaster()
	skynet.call(".cslave", "lua", "LINKMASTER")
end

return harbor
