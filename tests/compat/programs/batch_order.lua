-- batch_order: a burst of sends arriving together at one service whose handler, for some of them, forks, wakes a waiting task, raises, or answers a call: the order in which handlers, forks and woken tasks run.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, peer = ...
local log = skynet.error

if mode == "receiver" then
	local trace = {}
	local function t(x) trace[#trace + 1] = x end
	local waiter_token = {}
	skynet.start(function()
		skynet.fork(function()
			while true do
				skynet.wait(waiter_token)
				t("woken")
			end
		end)
		skynet.dispatch("lua", function(session, source, kind, n)
			if kind == "dump" then
				skynet.retpack(table.concat(trace, " "))
				trace = {}
				return
			end
			t(kind .. n)
			if kind == "fork" then
				skynet.fork(function() t("f" .. n) end)
			elseif kind == "wake" then
				skynet.wakeup(waiter_token)
			elseif kind == "yield" then
				skynet.yield()
				t("y" .. n)
			elseif kind == "raise" then
				error("raise " .. n)
			elseif kind == "call" then
				skynet.retpack(n)
			end
		end)
	end)
	return
end

skynet.start(function()
	local r = skynet.newservice(SERVICE_NAME, "receiver")
	skynet.sleep(1) -- the receiver's waiter is parked
	-- (no yield among them: its timer answer would land among the sends by timing)
	local kinds = { "plain", "fork", "plain", "wake", "plain", "plain", "fork", "wake", "raise", "plain", "fork", "plain" }
	for round = 1, 2 do
		for i, kind in ipairs(kinds) do
			skynet.send(r, "lua", kind, i)
		end
		log("call in the burst", skynet.call(r, "lua", "call", 99))
		for i, kind in ipairs(kinds) do
			skynet.send(r, "lua", kind, 100 + i)
		end
		log("round", round, skynet.call(r, "lua", "dump"))
	end
	skynet.sleep(20)
	skynet.abort()
end)
