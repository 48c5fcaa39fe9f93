-- bench_send: N one-way sends from this service to a counter.
local skynet = require "skynet"
require "skynet.manager"
local bench = require "benchlib"

skynet.start(function()
	local n = tonumber(skynet.getenv "bench_n") or 1000000
	local counter = skynet.newservice("bench_counter")
	local mark = bench.start()
	local t0 = skynet.hpc()
	for i = 1, n do
		skynet.send(counter, "lua", i)
	end
	-- Sends from one source keep their order, so this call is answered after
	-- the counter has seen all n messages.
	local sent = skynet.hpc()
	local seen = skynet.call(counter, "lua", "wait")
	assert(seen == n, "counter saw " .. tostring(seen) .. " of " .. n)
	bench.report("send A->B", n, mark)
	-- Which side limits the rate: the sender's loop alone, as a rate.
	bench.report("send (sender loop only)", n, sent - t0)
	skynet.abort(0)
end)
