-- service_cell: an empty service that skynet.service fills with a function's bytecode (its `init` command).
local skynet = require "skynet"

local name = ...
local command = {}

-- Run the code as this service's main chunk: its skynet.start function runs
-- at once and its dispatch functions replace ours.
function command.init(code, ...)
	local start_func
	skynet.start = function(f)
		start_func = f
	end
	skynet.dispatch("lua", function() error("No dispatch function") end)
	local main = assert(load(code, name))
	assert(skynet.pcall(main, ...))
	if start_func then
		start_func()
	end
	skynet.ret()
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		command[cmd](...)
	end)
end)
