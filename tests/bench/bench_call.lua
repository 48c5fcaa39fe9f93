-- bench_call: N call round trips, one at a time, then 10 coroutines in parallel.
local skynet = require "skynet"
require "skynet.manager"
local bench = require "benchlib"

skynet.start(function()
	local n = tonumber(skynet.getenv "bench_n") or 200000
	local echo = skynet.newservice("bench_counter")
	local mark = bench.start()
	for _ = 1, n do
		skynet.call(echo, "lua", "echo")
	end
	bench.report("call 1 in flight", n, mark)

	local parallel = 10
	local done = 0
	local me = coroutine.running()
	mark = bench.start()
	for _ = 1, parallel do
		skynet.fork(function()
			for _ = 1, n // parallel do
				skynet.call(echo, "lua", "echo")
			end
			done = done + 1
			if done == parallel then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	bench.report("call 10 in flight", n, mark)
	skynet.abort(0)
end)
