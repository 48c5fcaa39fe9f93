-- fork_errors: errors raised by forks that run after a message: one fork, two forks, a fork and the
-- message's handler both raising, a fork raising a table and nil, a fork made by a raising fork, a fork
-- raising after it slept; the one log line each dispatch gives and what a caller of the handler gets.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...
if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "one" then
				skynet.fork(function() error("fork one") end)
				skynet.retpack("one ok")
			elseif cmd == "two" then
				skynet.fork(function() error("fork A") end)
				skynet.fork(function() error("fork B") end)
				skynet.fork(function() log("fork C fine") end)
				skynet.retpack("two ok")
			elseif cmd == "both" then
				skynet.fork(function() error("fork after raise") end)
				error("handler raise")
			elseif cmd == "table" then
				skynet.fork(function() error({ code = 1 }) end)
				skynet.fork(function() error() end)
				skynet.fork(function() error(setmetatable({}, { __tostring = function() return "tostring'd" end })) end)
				skynet.retpack("table ok")
			elseif cmd == "nested" then
				skynet.fork(function()
					skynet.fork(function() error("inner fork") end)
					error("outer fork")
				end)
				skynet.retpack("nested ok")
			elseif cmd == "late" then
				skynet.fork(function()
					skynet.sleep(1)
					error("fork after sleep")
				end)
				skynet.retpack("late ok")
			elseif cmd == "args" then
				skynet.fork(function(a, b, c) log("fork args", a, b, c, select("#", a, b, c)) error("with args " .. tostring(b)) end, 1, nil, 3)
				skynet.retpack("args ok")
			end
		end)
	end)
	return
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	for _, cmd in ipairs { "one", "two", "both", "table", "nested", "late", "args" } do
		log(cmd, pcall(skynet.call, w, "lua", cmd))
		skynet.sleep(3)
	end
	log("worker still answers", pcall(skynet.call, w, "lua", "one"))
	skynet.sleep(10)
	skynet.abort()
end)
