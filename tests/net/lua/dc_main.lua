-- dc_main: the program test_debug_console.py drives: an echo service named .echo and a debug console on a free port.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	skynet.name(".echo", skynet.newservice("echo_service"))
	skynet.newservice("debug_console", 0)
	-- a second console, given its address explicitly
	skynet.newservice("debug_console", "127.0.0.1", 0)
	skynet.error("dc_main ready")
end)
