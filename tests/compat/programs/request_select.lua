-- request_select: skynet.request and req:select: several calls at once answered in arrival order (callees
-- answering after different ticks), a raising callee (false), a dead address (the request alone), a timeout
-- ending the loop (req.timeout), leaving the loop early (the late answers dropped), an empty request,
-- add/__call chaining, select twice, add after select, an unknown protocol, answers of several values.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ti, ...)
			if cmd == "after" then
				skynet.sleep(ti)
				skynet.retpack(ti, ...)
			elseif cmd == "raise" then
				skynet.sleep(ti)
				error("worker raise")
			elseif cmd == "many" then
				skynet.retpack(1, nil, "three", nil)
			elseif cmd == "none" then
				skynet.retpack()
			end
		end)
	end)
	return
end

local function show(resp)
	if resp == nil then return "nil" end
	if resp == false then return "false" end
	local out = {}
	for i = 1, resp.n do out[i] = tostring(resp[i]) end
	return "n=" .. resp.n .. " " .. table.concat(out, ",")
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	local dead = skynet.newservice(SERVICE_NAME, "worker")
	skynet.kill(dead)

	local req = skynet.request { w, "lua", "after", 6, "slow" }
	req:add { w, "lua", "after", 2, "fast" }
	req { w, "lua", "after", 4, "middle" } { w, "lua", "raise", 3 }
	req:add { dead, "lua", "after", 1 }
	req:add { w, "lua", "many" }
	req:add { w, "lua", "none" }
	log("requests", #req)
	for r, resp in req:select() do
		log("answer", r[3], r[4], show(resp))
	end
	log("done, timeout", req.timeout)

	local timed = skynet.request()
	timed:add { w, "lua", "after", 2, "in time" }
	timed:add { w, "lua", "after", 50, "too late" }
	for r, resp in timed:select(10) do
		log("timed answer", r[5], show(resp))
	end
	log("timed out", timed.timeout)

	local early = skynet.request { w, "lua", "after", 1, "first" } { w, "lua", "after", 5, "second" }
	for r, resp in early:select() do
		log("early answer", r[5], show(resp))
		break
	end
	skynet.sleep(10)
	log("after early break, tasks", skynet.task())

	local empty = skynet.request()
	for r, resp in empty:select() do log("empty answer (should not)") end
	log("empty done")

	local twice = skynet.request { w, "lua", "after", 0, "x" }
	for r, resp in twice:select() do log("twice answer", show(resp)) end
	log("select twice", pcall(twice.select, twice))
	log("add after select", pcall(twice.add, twice, { w, "lua", "none" }))
	log("add a string", pcall(skynet.request().add, skynet.request(), "x"))
	log("unknown protocol", pcall(function()
		for r, resp in skynet.request { w, "nosuch", 1 }:select() do end
	end))
	skynet.sleep(10)
	skynet.abort()
end)
