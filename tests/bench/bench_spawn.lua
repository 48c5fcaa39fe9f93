-- bench_spawn: services created and killed one after another (newservice, then kill),
-- the same file on skyglass and on real skynet (run_spawn.sh runs both).
-- Each child is a plain Lua service that loads skynet.lua and answers one call.
local skynet = require "skynet"
require "skynet.manager"

local mode = ...

if mode == "child" then
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.ret(skynet.pack(true)) end)
	end)
	return
end

-- CPU seconds (user + sys) of the whole process so far, from /proc (10 ms steps).
local function cpu_seconds()
	local f = io.open("/proc/self/stat")
	if not f then return 0 end
	local stat = f:read("a")
	f:close()
	local fields = {}
	for word in stat:gsub("^.*%) ", ""):gmatch("%S+") do fields[#fields + 1] = word end
	return (tonumber(fields[12]) + tonumber(fields[13])) / 100
end

skynet.start(function()
	local n = tonumber(skynet.getenv "bench_n") or 2000
	local system = skynet.getenv "bench_system" or "skyglass"
	-- A warm-up: the first child loads files from disk.
	skynet.kill(skynet.newservice(SERVICE_NAME, "child"))
	local t0, cpu0 = skynet.hpc(), cpu_seconds()
	for _ = 1, n do
		local child = skynet.newservice(SERVICE_NAME, "child")
		skynet.kill(child)
	end
	local ns, cpu = skynet.hpc() - t0, cpu_seconds() - cpu0
	print(string.format("BENCH spawn %-10s threads=%s n=%d  %10.0f services/s  %7.1f us/op  cpu %6.1f us/op",
		system, skynet.getenv "thread", n, n / (ns / 1e9), ns / n / 1000, cpu / n * 1e6))
	skynet.abort()
end)
