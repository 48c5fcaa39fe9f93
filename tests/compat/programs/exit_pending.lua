-- exit_pending: skynet.exit with work pending: tasks sleeping, waiting and calling (their <close> variables),
-- a request being served, a response held (skynet.response), a fork made just before exit and a timeout (never run); what the service it was
-- calling sees (its held response after the caller died: TEST, the answer, a second answer), and calls after.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode, main = ...

if mode == "holder" then
	local pending
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "hold" then
				pending = skynet.response()
			elseif cmd == "holding" then
				skynet.retpack(pending ~= nil)
			elseif cmd == "answer" then
				-- the caller's exit tells us (an ERROR): wait for it to clear the response (bounded)
				for _ = 1, 500 do
					if not pending("TEST") then break end
					skynet.sleep(1)
				end
				skynet.error("holder TEST after the caller died", pending("TEST"))
				skynet.error("holder answers the dead caller", pending(true, "late"))
				skynet.error("holder answers again", pcall(pending, true, "again"))
				skynet.retpack("answered")
			end
		end)
	end)
	return
end

if mode == "worker" then
	main = tonumber(main)
	local holder, parked = ...
	local function closer(name)
		return setmetatable({}, { __close = function() skynet.send(main, "lua", "closed", name) end })
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, arg)
			if cmd == "setup" then
				holder = arg
				skynet.fork(function()
					local guard <close> = closer("sleeper")
					skynet.sleep(100000)
					skynet.error("worker sleeper woke")
				end)
				skynet.fork(function()
					local guard <close> = closer("waiter")
					skynet.wait()
					skynet.error("worker waiter woke")
				end)
				skynet.fork(function()
					local guard <close> = closer("caller")
					skynet.error("worker caller got", skynet.call(holder, "lua", "hold"))
				end)
				skynet.timeout(100000, function() skynet.error("worker timeout fired") end)
				skynet.retpack("set")
			elseif cmd == "slow" then
				local guard <close> = closer("slow request")
				skynet.sleep(100000)
				skynet.retpack("slow done")
			elseif cmd == "park" then
				parked = skynet.response() -- never answered: exit answers it false
			elseif cmd == "quit" then
				skynet.fork(function() skynet.error("worker fork made before exit ran") end)
				skynet.retpack("bye")
				skynet.exit()
				skynet.error("worker after exit")
			end
		end)
	end)
	return
end

local closed = {}
skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, name)
		if cmd == "closed" then closed[#closed + 1] = name end
	end)
	local holder = skynet.newservice(SERVICE_NAME, "holder")
	local worker = skynet.newservice(SERVICE_NAME, "worker", skynet.self())
	skynet.error("setup", skynet.call(worker, "lua", "setup", holder))
	for _ = 1, 500 do -- the worker's calling task reaches the holder (bounded)
		if skynet.call(holder, "lua", "holding") then break end
		skynet.sleep(1)
	end
	local slow, parked
	skynet.fork(function() slow = table.pack(pcall(skynet.call, worker, "lua", "slow")) end)
	skynet.fork(function() parked = table.pack(pcall(skynet.call, worker, "lua", "park")) end)
	skynet.yield() -- the slow and parked requests leave before quit
	skynet.error("quit", skynet.call(worker, "lua", "quit"))
	while slow == nil do skynet.yield() end
	skynet.error("the slow request", table.unpack(slow, 1, slow.n))
	while parked == nil do skynet.yield() end
	skynet.error("the parked request", table.unpack(parked, 1, parked.n))
	for _ = 1, 500 do -- the closed tasks' notes, in whatever order exit closed them (bounded)
		if #closed >= 4 then break end
		skynet.sleep(1)
	end
	table.sort(closed)
	skynet.error("closed", #closed, table.concat(closed, ", "))
	skynet.error("holder", skynet.call(holder, "lua", "answer"))
	skynet.error("call after exit", pcall(skynet.call, worker, "lua", "setup"))
	skynet.error("send after exit", skynet.send(worker, "lua", "setup"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
