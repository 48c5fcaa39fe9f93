-- worker.lua: logs a line with a NUL and a long one at start; "fail" raises in its start.
local skynet = require "skynet"

local name = ...

skynet.start(function()
	if name == "fail" then
		error("worker refuses to start")
	end
	skynet.error("worker " .. name .. " with a NUL: a\0b")
	skynet.error(string.rep("long ", 200))
end)
