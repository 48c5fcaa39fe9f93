-- limits_abort: skynet.abort ends the process even while another service loops forever.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local looper = skynet.newservice("looper")
	skynet.send(looper, "lua", "loop")
	skynet.sleep(20)
	skynet.error("limits_abort: aborting")
	skynet.abort(3)
end)
