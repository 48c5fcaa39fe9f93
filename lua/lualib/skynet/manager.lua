-- skynet.manager: launching, killing, naming services, and the low-level dispatch hooks.
local skynet = require "skynet"

-- launch, kill, abort, register, name and monitor (skynet/manage.lua), and
-- forward_type, filter and daemon (skynet/forward.lua), load on first use;
-- they exist once skynet.manager is required, as in skynet.
skynet._lazy("skynet.manage", "launch", "kill", "abort", "register", "name", "monitor")
skynet._lazy("skynet.forward", "forward_type", "filter", "daemon")

return skynet
