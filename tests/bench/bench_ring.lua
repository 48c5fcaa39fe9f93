-- bench_ring: sends and calls around a ring of K services (bench_services), n in all,
-- to show how the cost of a message grows with the number of services alive.
local skynet = require "skynet"
require "skynet.manager"
local bench = require "benchlib"

skynet.start(function()
	local k = tonumber(skynet.getenv "bench_services") or 100
	local n = tonumber(skynet.getenv "bench_n") or 100000
	local each = math.max(1, n // k)
	local members = {}
	for i = 1, k do
		members[i] = skynet.newservice("bench_ring_member")
	end
	for i = 1, k do
		skynet.call(members[i], "lua", "link", members[i % k + 1], each)
	end
	local done = 0
	local me = coroutine.running()
	skynet.dispatch("lua", function()
		done = done + 1
		if done == k then skynet.wakeup(me) end
	end)
	-- Every member starts at once: k senders (or k calls in flight), each
	-- to its successor, so each message wakes a different service's state.
	for _, cmd in ipairs { "send", "call" } do
		done = 0
		local mark = bench.start()
		for i = 1, k do
			skynet.send(members[i], "lua", cmd)
		end
		skynet.wait(me)
		bench.report(string.format("ring %s, %d services", cmd, k), each * k, mark)
	end
	skynet.abort(0)
end)
