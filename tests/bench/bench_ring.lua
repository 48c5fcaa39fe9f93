-- bench_ring: sends and calls with N services alive, in a ring where every node sends
-- to the next. The same file runs on skyglass and on real skynet (run_scaling.sh).
-- Config: bench_services (N), bench_n (messages in all), bench_size (payload bytes),
-- bench_what ("send" or "call"), bench_system (the name printed).
--   send: every node starts one token; a token hops node to node, n/N hops, so N tokens
--         are in flight at once and every one of the N services works.
--   call: every node makes n/N calls to the next one, one at a time; N calls in flight.
local skynet = require "skynet"
require "skynet.manager"
local bench = require "benchlib"

local mode = ...

if mode == "node" then
	local next_node, master
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, a, b)
			if cmd == "hop" then -- a: hops left, b: the payload
				if a > 1 then
					skynet.send(next_node, "lua", "hop", a - 1, b)
				else
					skynet.send(master, "lua", "landed")
				end
			elseif cmd == "echo" then
				skynet.ret(skynet.pack(a))
			elseif cmd == "calls" then -- a: how many, b: the payload
				for _ = 1, a do
					skynet.call(next_node, "lua", "echo", b)
				end
				skynet.ret(skynet.pack(true))
			elseif cmd == "link" then
				next_node, master = a, b
				skynet.ret(skynet.pack(true))
			end
		end)
	end)
	return
end

local landed, waiting = 0, nil

skynet.start(function()
	local services = tonumber(skynet.getenv "bench_services") or 2
	local n = tonumber(skynet.getenv "bench_n") or 200000
	local size = tonumber(skynet.getenv "bench_size") or 64
	local what = skynet.getenv "bench_what" or "send"
	local system = skynet.getenv "bench_system" or "skyglass"
	local payload = string.rep("x", size)
	local per = math.max(1, n // services)

	skynet.dispatch("lua", function(_, _, cmd)
		if cmd == "landed" then
			landed = landed + 1
			if landed == services and waiting then skynet.wakeup(waiting) end
		end
	end)

	local t0 = skynet.hpc()
	local nodes = {}
	for i = 1, services do
		nodes[i] = skynet.newservice(SERVICE_NAME, "node")
	end
	for i = 1, services do
		skynet.call(nodes[i], "lua", "link", nodes[i % services + 1], skynet.self())
	end
	local spawn_s = (skynet.hpc() - t0) / 1e9
	-- A mark for a profiler to attach at: what follows is the measured part.
	print(string.format("RINGUP %d services in %.2f s", services, spawn_s))
	io.stdout:flush()

	t0 = skynet.hpc()
	if what == "send" then
		waiting = coroutine.running()
		for i = 1, services do
			skynet.send(nodes[i], "lua", "hop", per, payload)
		end
		skynet.wait(waiting)
	else
		local done, me = 0, coroutine.running()
		for i = 1, services do
			skynet.fork(function()
				skynet.call(nodes[i], "lua", "calls", per, payload)
				done = done + 1
				if done == services then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
	end
	local ns = skynet.hpc() - t0
	local count = per * services
	print(string.format("RING %s %s services=%d size=%d n=%d rate=%.0f us_per_op=%.3f spawn_s=%.2f peak_kb=%d",
		system, what, services, size, count, count / (ns / 1e9), ns / count / 1000, spawn_s,
		bench.peak_kb()))
	skynet.abort()
end)
