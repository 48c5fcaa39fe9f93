-- bench_multicast: one publish to 1,000 subscribers: deliveries per second and bytes allocated per delivery.
local skynet = require "skynet"
require "skynet.manager"
local multicast = require "skynet.multicast"
local bench = require "benchlib"

local SUBSCRIBERS = tonumber(skynet.getenv "bench_subscribers") or 1000
local PUBLISHES = tonumber(skynet.getenv "bench_publishes") or 200
local PAYLOAD = string.rep("x", 1024)

local done_count, done_bytes, waiter = 0, 0, nil

local function run(raw)
	local chan = multicast.new()
	local subs = {}
	for i = 1, SUBSCRIBERS do
		subs[i] = skynet.newservice("bench_mc_sub")
		skynet.call(subs[i], "lua", "sub", chan.channel, PUBLISHES, raw, skynet.self())
	end
	done_count, done_bytes = 0, 0
	local t0 = skynet.hpc()
	for _ = 1, PUBLISHES do
		chan:publish(PAYLOAD)
	end
	waiter = coroutine.running()
	skynet.wait(waiter)
	local t1 = skynet.hpc()
	local deliveries = SUBSCRIBERS * PUBLISHES
	local name = raw and "multicast 1->1000 (raw)" or "multicast 1->1000 (unpack)"
	bench.report(name, deliveries, t1 - t0)
	print(string.format("BENCH %-28s message=%d B  body per delivery=%d B (the shared buffer's address)  shared buffer per delivery=%.1f B  subscriber Lua bytes per delivery=%.0f",
		name, #skynet.packstring(PAYLOAD), 8, #skynet.packstring(PAYLOAD) / SUBSCRIBERS, done_bytes / SUBSCRIBERS))
	chan:delete()
	for i = 1, SUBSCRIBERS do
		skynet.kill(subs[i])
	end
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, bytes)
		if cmd == "done" then
			done_count = done_count + 1
			done_bytes = done_bytes + bytes
			if done_count == SUBSCRIBERS then
				skynet.wakeup(waiter)
			end
		end
	end)
	run(true)
	run(false)
	skynet.abort(0)
end)
