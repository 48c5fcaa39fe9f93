-- console_start: the start service of the console test (console.sh): it launches console, which reads service names from stdin.
local skynet = require "skynet"

skynet.start(function()
	skynet.newservice("console")
end)
