-- heartbeat_drift: heartbeat loops as game services write them: a skynet.timeout that re-arms itself,
-- a fork looping on skynet.sleep, both measured with skynet.now/skynet.time/os.time (how far each beat
-- drifts), a heartbeat stopped by a flag, one whose body raises (the loop ends there), one re-armed with
-- 0 ticks, and what skynet.timeout returns.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local beats = {}
local function heartbeat(name, interval, limit, body)
	local n = 0
	local last = skynet.now()
	local function beat()
		n = n + 1
		local now = skynet.now()
		local gap = now - last
		last = now
		beats[name] = beats[name] or {}
		table.insert(beats[name], gap >= interval and "ok" or ("short " .. gap))
		if body and body(n) == false then return end
		if n < limit then skynet.timeout(interval, beat) end
	end
	return skynet.timeout(interval, beat)
end

skynet.start(function()
	skynet.sleep(1) -- start on a tick boundary
	local t0, wall0 = skynet.now(), skynet.time()
	log("timeout returns", type(heartbeat("fast", 2, 10)))
	heartbeat("slow", 7, 3)
	local stop = false
	local stopped_count = 0
	heartbeat("flag", 3, 100, function(n) if stop then return false end stopped_count = n end)
	-- a heartbeat whose body raises on its third beat: the error is logged and the loop ends
	heartbeat("raises", 5, 10, function(n) if n == 3 then error("beat " .. n .. " failed") end end)
	-- a loop of sleeps in a fork, the other way games write it
	local sleeps, slept = 0, {}
	skynet.fork(function()
		for i = 1, 5 do
			local before = skynet.now()
			skynet.sleep(3)
			slept[#slept + 1] = (skynet.now() - before >= 3) and "ok" or "short"
			sleeps = i
		end
	end)
	-- re-armed with 0: runs again in the same tick's turn, not in a loop of its own
	local zeros = 0
	local function zero()
		zeros = zeros + 1
		if zeros < 5 then skynet.timeout(0, zero) end
	end
	skynet.timeout(0, zero)
	skynet.sleep(10)
	stop = true
	log("flag beats before stop", stopped_count >= 2)
	skynet.sleep(25)
	log("zeros", zeros)
	log("sleeps", sleeps, table.concat(slept, " "))
	for _, name in ipairs { "fast", "slow", "raises" } do
		log(name, #beats[name], table.concat(beats[name], " "))
	end
	log("flag stopped", #beats.flag >= 3, beats.flag[#beats.flag])
	local ticks = skynet.now() - t0
	local wall = skynet.time() - wall0
	log("ticks and wall agree", math.abs(ticks / 100 - wall) < 0.02, ticks >= 35)
	log("time types", math.type(skynet.now()), math.type(skynet.time()), math.type(skynet.starttime()),
		math.type(os.time()), math.type(skynet.hpc()))
	log("time vs os.time", math.abs(math.floor(skynet.time()) - os.time()) <= 1)
	log("starttime vs now", skynet.starttime() + skynet.now() // 100 <= os.time() + 1)
	local h1 = skynet.hpc()
	skynet.sleep(1)
	log("hpc grows", skynet.hpc() > h1)
	skynet.sleep(10)
	skynet.abort()
end)
