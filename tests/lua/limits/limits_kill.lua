-- limits_kill: skynet.kill of a service stuck in a loop takes effect, and the runtime goes on.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	local looper = skynet.newservice("looper")
	skynet.send(looper, "lua", "loop")
	-- The monitor (every 100 ms here) must see it stuck before kill can break
	-- the loop; until then kill only retires it, as skynet's does.
	skynet.sleep(100)
	skynet.kill(looper)
	-- The loop is broken with "signal 0": its worker is free again, so with
	-- two workers both this and a new service still run.
	local other = skynet.newservice("echo_service")
	assert(skynet.call(other, "lua", "add", 1, 2) == 3)
	skynet.error("limits_kill: done")
	skynet.abort(0)
end)
