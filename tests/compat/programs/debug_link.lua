-- debug_link: the debug protocol's LINK (answered when the target exits, is killed, or was already gone),
-- INFO with arguments, several values and a raising info_func, GC sent twice at once, SUPPORT of odd names.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "target" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "info" then
				local how = ...
				if how == "many" then
					skynet.info_func(function(...) return "info", select("#", ...), ... end)
				elseif how == "raise" then
					skynet.info_func(function() error("info raised") end)
				elseif how == "table" then
					skynet.info_func(function(a) return { a = a } end)
				end
				skynet.retpack(how)
			elseif cmd == "exit" then
				skynet.exit()
			end
		end)
	end)
	return
end

skynet.start(function()
	local tg = skynet.newservice("debug_link", "target")
	log("INFO none", select("#", skynet.call(tg, "debug", "INFO")), skynet.call(tg, "debug", "INFO"))
	skynet.call(tg, "lua", "info", "many")
	log("INFO many", skynet.call(tg, "debug", "INFO", 1, nil, "three"))
	skynet.call(tg, "lua", "info", "table")
	log("INFO table", skynet.call(tg, "debug", "INFO", "x").a)
	skynet.call(tg, "lua", "info", "raise")
	log("INFO raise", pcall(skynet.call, tg, "debug", "INFO"))
	log("SUPPORT debug", skynet.call(tg, "debug", "SUPPORT", "debug"))
	log("SUPPORT response", skynet.call(tg, "debug", "SUPPORT", "response"))
	log("SUPPORT error", skynet.call(tg, "debug", "SUPPORT", "error"))
	log("SUPPORT nil", pcall(skynet.call, tg, "debug", "SUPPORT"))
	log("SUPPORT number", pcall(skynet.call, tg, "debug", "SUPPORT", 10))
	-- two GC at once: the second comes while the first yields and is skipped
	skynet.send(tg, "debug", "GC")
	skynet.send(tg, "debug", "GC")
	local pinged = select("#", skynet.call(tg, "debug", "PING"))
	skynet.sleep(5)
	log("PING after GC", pinged)
	-- LINK: answered with an error when the target exits
	local done = 0
	for i = 1, 2 do
		skynet.fork(function()
			log("LINK " .. i, pcall(skynet.call, tg, "debug", "LINK"))
			done = done + 1
		end)
	end
	skynet.sleep(2)
	log("exit target")
	skynet.send(tg, "lua", "exit")
	while done < 2 do skynet.sleep(1) end
	log("LINK to a dead one", pcall(skynet.call, tg, "debug", "LINK"))
	-- LINK answered by a self-exit via the debug EXIT command
	local tg3 = skynet.newservice("debug_link", "target")
	skynet.fork(function()
		log("LINK debug EXIT", pcall(skynet.call, tg3, "debug", "LINK"))
		done = done + 1
	end)
	skynet.sleep(2)
	skynet.send(tg3, "debug", "EXIT")
	while done < 3 do skynet.sleep(1) end
	-- LINK to a killed service
	local tg2 = skynet.newservice("debug_link", "target")
	skynet.fork(function()
		log("LINK killed", pcall(skynet.call, tg2, "debug", "LINK"))
		done = done + 1
	end)
	skynet.sleep(2)
	skynet.kill(tg2)
	skynet.sleep(20)
	log("LINK killed answered", done == 4) -- a killed service answers no held request
	skynet.sleep(20)
	skynet.abort()
end)
