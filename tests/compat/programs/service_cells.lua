-- service_cells: skynet.service.new asked by several tasks at once for one name (its start sleeps), by another service too, query of it while it starts, a cell whose function raises, close and new again.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local service = require "skynet.service"

local mode = ...
local log = skynet.error

local function counter_cell(start)
	local skynet = require "skynet"
	local n = start or 0
	skynet.sleep(3)
	skynet.start(function()
		skynet.dispatch("lua", function() n = n + 1 skynet.retpack(n) end)
	end)
end

local function bad_cell()
	error("cell refuses")
end

if mode == "other" then
	skynet.start(function()
		skynet.dispatch("lua", function()
			skynet.retpack(service.new("counter", counter_cell, 100))
		end)
	end)
	return
end

skynet.start(function()
	local other = skynet.newservice(SERVICE_NAME, "other")
	local got, left, done = {}, 4, {}
	for i = 1, 4 do
		skynet.fork(function()
			if i == 4 then
				got[i] = skynet.call(other, "lua")
			else
				got[i] = service.new("counter", counter_cell, i)
			end
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	if left > 0 then skynet.wait(done) end
	log("one cell for all", got[1] == got[2] and got[2] == got[3] and got[3] == got[4])
	log("query", service.query("counter") == got[1])
	-- (which caller's argument it started with is a race: only the counting is logged)
	local c1 = skynet.call(got[1], "lua")
	log("counter counts", skynet.call(got[1], "lua") == c1 + 1)
	log("bad cell", pcall(service.new, "bad", bad_cell))
	log("bad cell again", pcall(service.new, "bad", bad_cell))
	skynet.sleep(20)
	skynet.abort()
end)
