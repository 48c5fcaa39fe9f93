-- main: makes a service fail three ways (an error, an exit, an endless loop) and watches who notices.
local skynet = require "skynet"

skynet.start(function()
	local worker = skynet.newservice("worker")

	-- lesson 11.1: an error in the dispatch of a send: no caller waits, so only the log sees it
	skynet.send(worker, "lua", "crash")
	-- The error ended one task, not the service: it still answers.
	skynet.error("main: worker still answers: " .. skynet.call(worker, "lua", "ping"))

	-- lesson 11.2: a call to a service that has exited fails at once; it does not hang
	skynet.send(worker, "lua", "quit")
	local ok, err = pcall(skynet.call, worker, "lua", "ping")
	skynet.error("main: calling the exited worker: " .. tostring(ok) .. " " .. tostring(err))

	-- lesson 11.3: an endless loop holds a worker thread; only the monitor notices
	local looper = skynet.newservice("looper")
	skynet.send(looper, "lua", "spin")
	-- This call waits behind the loop in looper's queue.
	skynet.error("main: looper answers again: " .. skynet.call(looper, "lua", "ping"))
	skynet.send(looper, "lua", "quit")
	skynet.exit()
end)
