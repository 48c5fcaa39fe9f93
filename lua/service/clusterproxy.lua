-- clusterproxy: a local address that stands for a service on another node.
-- Calls and sends to it go to that service through the node's clustersender,
-- their bytes untouched (made by cluster.proxy(node, address)).
local skynet = require "skynet"
-- Loaded as skynet's proxy loads it: its init asks service_mgr for clusterd
-- once more, a call whose session shows in this service's later log lines.
require "skynet.cluster"
require "skynet.manager"  -- skynet.forward_type

local node, address = ...

skynet.register_protocol {
	name = "system",
	id = skynet.PTYPE_SYSTEM,
	unpack = function(...) return ... end,
}

-- lua (and snax) messages arrive as "system" with their buffers kept: they are
-- passed on as they are; responses are left alone for the call that waits.
local forward_map = {
	[skynet.PTYPE_SNAX] = skynet.PTYPE_SYSTEM,
	[skynet.PTYPE_LUA] = skynet.PTYPE_SYSTEM,
	[skynet.PTYPE_RESPONSE] = skynet.PTYPE_RESPONSE,
}

skynet.forward_type(forward_map, function()
	local clusterd = skynet.uniqueservice("clusterd")
	address = tonumber(address) or address
	local sender = skynet.call(clusterd, "lua", "sender", node)
	skynet.dispatch("system", function(session, _, msg, sz)
		if session == 0 then
			skynet.send(sender, "lua", "push", address, msg, sz)
		else
			skynet.ret(skynet.rawcall(sender, "lua", skynet.pack("req", address, msg, sz)))
		end
	end)
end)
