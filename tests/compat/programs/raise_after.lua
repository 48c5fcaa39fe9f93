-- raise_after: a task raising after it was resumed by each kind of message, and the message the log line
-- names ([source to :dest : session msgsz = N]): after a call's answer (empty, small, 1,000 and 70,000 bytes),
-- after a sleep's timer, after a wakeup given by another message's handler, after a failed call (an ERROR),
-- after skynet.wait woken from a fork, in a timeout, in a fork made by a response-resumed task.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "peer" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, n)
			if cmd == "size" then
				if n == 0 then skynet.retpack() else skynet.retpack(string.rep("x", n)) end
			elseif cmd == "raise" then
				error("peer raise")
			elseif cmd == "poke" then
				-- nothing: the sender's own handler wakes its sleeper
			end
		end)
	end)
	return
end

skynet.start(function()
	local peer = skynet.newservice(SERVICE_NAME, "peer")
	local sleeper
	skynet.dispatch("lua", function(session, source, cmd)
		if cmd == "wake" then
			skynet.wakeup(sleeper)
		end
	end)
	for _, n in ipairs { 0, 5, 1000, 70000 } do
		skynet.fork(function()
			skynet.call(peer, "lua", "size", n)
			error("raise after answer of " .. n)
		end)
		skynet.sleep(2)
	end
	skynet.fork(function()
		skynet.sleep(1)
		error("raise after timer")
	end)
	skynet.sleep(3)
	sleeper = skynet.fork(function()
		skynet.sleep(100)
		error("raise after wakeup")
	end)
	skynet.sleep(1)
	skynet.send(skynet.self(), "lua", "wake")
	skynet.sleep(3)
	skynet.fork(function()
		pcall(skynet.call, peer, "lua", "raise")
		error("raise after failed call")
	end)
	skynet.sleep(3)
	local waiter = skynet.fork(function()
		skynet.wait()
		error("raise after wait")
	end)
	skynet.sleep(1)
	skynet.fork(function() skynet.wakeup(waiter) end)
	skynet.sleep(3)
	skynet.timeout(1, function() error("raise in timeout") end)
	skynet.sleep(3)
	skynet.fork(function()
		skynet.call(peer, "lua", "size", 1)
		skynet.fork(function() error("raise in fork of resumed task") end)
	end)
	skynet.sleep(10)
	skynet.abort()
end)
