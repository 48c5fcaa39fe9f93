-- many_parked_caller: test_many_parked's caller for one way of calling (by name, by rawcall), a fresh service each, so no earlier calls' reserved sessions hide a slow path.
local skynet = require "skynet"
require "skynet.manager" -- skynet.name

local echo, how = ...
echo = tonumber(echo)

local call
if how == "name" then
	skynet.name(".many_parked_echo", echo)
	call = function() return skynet.call(".many_parked_echo", "lua", "add", 1, 0) end
else -- "rawcall": skynet.lua's yield_call, as the cluster agent calls
	local request = skynet.packstring("add", 1, 0)
	call = function() return skynet.unpack(skynet.rawcall(echo, "lua", request)) end
end

-- n calls from `cos` coroutines, each calling in a loop, so `cos` wait at
-- once; the wall time (s) and the answers' sum.
local function calls_from(cos, n)
	local me = coroutine.running()
	local left, done, sum = n, 0, 0
	local start = skynet.hpc()
	for _ = 1, cos do
		skynet.fork(function()
			while left > 0 do
				left = left - 1
				local one = call() -- read sum after the wait
				sum = sum + one
			end
			done = done + 1
			if done == cos then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	return (skynet.hpc() - start) / 1e9, sum
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cos, n)
		skynet.retpack(calls_from(cos, n))
	end)
end)
