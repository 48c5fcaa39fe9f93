-- bench_parked: N calls to an echo service from 64 up to 16,384 coroutines at once (the cost of many parked calls).
-- Each coroutine loops call after call, so the number of calls waiting at
-- once is the number of coroutines. bench_n: total calls per size (40,000);
-- bench_services: the sizes, space-separated (default 64 256 1024 4096 16384);
-- bench_named = "1": call the echo by a local name (call.lua's own path, not
-- call_park's C step), "raw": by skynet.rawcall (skynet.lua's yield_call).
local skynet = require "skynet"
require "skynet.manager"
local bench = require "benchlib"

skynet.start(function()
	local n = tonumber(skynet.getenv "bench_n") or 40000
	local sizes = {}
	for s in (skynet.getenv "bench_services" or ""):gmatch("%d+") do sizes[#sizes + 1] = tonumber(s) end
	if #sizes == 0 then sizes = { 64, 256, 1024, 4096, 16384 } end
	local echo = skynet.newservice("bench_counter")
	local named = skynet.getenv "bench_named" or ""
	local how = ""
	if named == "1" then
		skynet.name(".bench_echo", echo)
		echo, how = ".bench_echo", " by name"
	end
	local call = skynet.call
	if named == "raw" then
		local request = skynet.packstring("echo")
		call, how = function(addr) return skynet.rawcall(addr, "lua", request) end, " by rawcall"
	end
	local me = coroutine.running()
	for _, cos in ipairs(sizes) do
		local done, left = 0, n
		local mark = bench.start()
		for _ = 1, cos do
			skynet.fork(function()
				while left > 0 do
					left = left - 1
					call(echo, "lua", "echo")
				end
				done = done + 1
				if done == cos then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		bench.report("call" .. how .. " " .. cos .. " waiting", n, mark)
	end
	skynet.abort(0)
end)
