-- bench_b: the harbor benchmark's caller node: times N calls and N sends to PONG on the master's node.
local skynet = require "skynet"
local harbor = require "skynet.harbor"

skynet.start(function()
	local n = tonumber(skynet.getenv "bench_calls") or 20000
	local pong = harbor.queryname("PONG")
	skynet.call(pong, "lua", "ping", 0) -- warm up the connection
	local t0 = skynet.hpc()
	for i = 1, n do
		skynet.call(pong, "lua", "ping", i)
	end
	local t1 = skynet.hpc()
	for _ = 1, n do
		skynet.send(pong, "lua", "note")
	end
	skynet.call(pong, "lua", "count") -- after every note (one connection keeps the order)
	local t2 = skynet.hpc()
	skynet.error(string.format("BENCH calls=%d call_us=%.2f send_us=%.2f", n, (t1 - t0) / n / 1000, (t2 - t1) / n / 1000))
	skynet.error("HARBOR_B_DONE")
	if skynet.getenv "harbor_test_runtime" == "skynet" then
		skynet.exit()
	else
		skynet.abort(0)
	end
end)
