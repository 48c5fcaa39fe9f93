-- mqueue_service: handles "queue" messages one at a time through skynet.mqueue (test_mqueue).
local skynet = require "skynet"
local mqueue = require "skynet.mqueue"

local log = {}

skynet.start(function()
	mqueue.register(function(cmd, ...)
		if cmd == "slow" then
			log[#log + 1] = "start " .. (...)
			skynet.sleep(5)
			log[#log + 1] = "end " .. (...)
			return (...)
		elseif cmd == "note" then
			log[#log + 1] = "note " .. (...)
			return
		elseif cmd == "fail" then
			error "boom"
		elseif cmd == "log" then
			return table.concat(log, ",")
		end
		return cmd, ...
	end)
end)
