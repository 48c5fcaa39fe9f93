-- hold: starts two children (one named), then stays up long enough for a viewer to join late.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local a = skynet.newservice("hold_child")
	skynet.name(".child_a", a)
	skynet.newservice("hold_child")
	skynet.sleep(tonumber(skynet.getenv "hold_ticks") or 150)
	skynet.abort(0)
end)
