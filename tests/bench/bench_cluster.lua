-- bench_cluster: cluster calls per second to node a (tests/cluster/node_a.lua on
-- another process), with 1 call in flight and with 100.
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster"
local benchlib = require "benchlib"

local function run(in_flight, total)
	local done, me = 0, coroutine.running()
	local per = total // in_flight
	local t0 = skynet.hpc()
	for _ = 1, in_flight do
		skynet.fork(function()
			for i = 1, per do cluster.call("a", "@pong", "ping", i) end
			done = done + 1
			if done == in_flight then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	benchlib.report(string.format("cluster call, %d in flight", in_flight), per * in_flight, skynet.hpc() - t0)
end

skynet.start(function()
	cluster.call("a", "@pong", "ping")  -- connect first
	run(1, 5000)
	run(100, 20000)
	skynet.abort(0)
end)
