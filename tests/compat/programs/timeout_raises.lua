-- timeout_raises: skynet.timeout callbacks that raise as game loops' ticks do: a string, a table with and
-- without __tostring, nil, error at level 2, a raise after a call has yielded, a raise inside a nested
-- timeout; the other ticks of the same moment still run in order and the service still answers.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...

if mode == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, what)
			skynet.ret(skynet.pack("echo " .. tostring(what)))
		end)
	end)
	return
end

local function tick(name, f)
	return function()
		log("tick", name)
		f()
		log("tick done", name)
	end
end

skynet.start(function()
	local echo = skynet.newservice(SERVICE_NAME, "echo")
	skynet.dispatch("lua", function(_, _, cmd)
		skynet.ret(skynet.pack("still here: " .. cmd))
	end)
	local finished = 0
	local function over() finished = finished + 1 end
	skynet.timeout(1, tick("string", function() over() error("tick failed") end))
	skynet.timeout(1, tick("plain", over))
	skynet.timeout(1, tick("table", function() over() error({ code = 7 }) end))
	skynet.timeout(1, tick("tostring", function()
		over()
		error(setmetatable({}, { __tostring = function() return "a table that prints" end }))
	end))
	skynet.timeout(1, tick("nil", function() over() error(nil) end))
	skynet.timeout(1, tick("level2", function() over() error("blame the caller", 2) end))
	local function wait_for(n)
		for _ = 1, 300 do
			if finished == n then return end
			skynet.sleep(1)
		end
	end
	wait_for(6)
	log("first moment over", finished)
	skynet.timeout(1, tick("after call", function()
		log("answer", skynet.call(echo, "lua", "x"))
		over()
		error("raised after a call")
	end))
	wait_for(7)
	skynet.timeout(1, tick("nested", function()
		skynet.timeout(0, tick("inner", function() over() error("inner raise") end))
		over()
	end))
	wait_for(9)
	log("finished", finished)
	log("self call", skynet.call(skynet.self(), "lua", "ping"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
