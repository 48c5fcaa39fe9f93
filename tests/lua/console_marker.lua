-- console_marker: a service console.sh names on stdin; it logs a marker with its arguments, then ends the run.
local skynet = require "skynet"
require "skynet.manager"

local args = table.concat({ ... }, " ")

skynet.start(function()
	skynet.error("console marker: " .. args)
	skynet.abort(0)
end)
