-- mqueue_use: the deprecated skynet.mqueue as old services use it: a worker whose handler sleeps, so calls queue up (mqueue.size), calls answered in order, a handler raising for a call (the caller gets the error), sends, several values and nils through it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mqueue = require "skynet.mqueue"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		local seen = {}
		mqueue.register(function(cmd, ...)
			if cmd == "work" then
				local n = ...
				if n == 1 then
					-- the other four calls queue behind the first, however slow the machine
					for _ = 1, 1000 do
						if mqueue.size() >= 4 then break end
						skynet.sleep(1)
					end
				end
				skynet.sleep(1)
				seen[#seen + 1] = n
				return n * 10, mqueue.size()
			elseif cmd == "raise" then
				error("worker refuses")
			elseif cmd == "note" then
				seen[#seen + 1] = "note:" .. tostring(...)
			elseif cmd == "seen" then
				return table.concat(seen, " ")
			elseif cmd == "values" then
				return 1, nil, "three", nil
			end
		end)
	end)
	return
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	local results = {}
	local left = 0
	local done = {}
	for i = 1, 5 do
		left = left + 1
		skynet.fork(function()
			local r, size = mqueue.call(w, "work", i)
			results[#results + 1] = r .. "/" .. size
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	if left > 0 then skynet.wait(done) end
	log("answers in order", table.concat(results, " "))
	log("raise", pcall(mqueue.call, w, "raise"))
	mqueue.send(w, "note", "a")
	mqueue.send(w, "note", "b")
	log("values", select("#", mqueue.call(w, "values")), mqueue.call(w, "values"))
	log("seen", mqueue.call(w, "seen"))
	log("size here", mqueue.size())
	skynet.sleep(20)
	skynet.abort()
end)
