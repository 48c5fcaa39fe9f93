-- echo_service: a helper service for the tests: echoes, adds, calls others, fails on demand.
local skynet = require "skynet"

local CMD = {}

function CMD.echo(...) return ... end
function CMD.add(a, b) return a + b end
function CMD.fail(text) error(text) end
-- Nested: ask `other` to add, and add one more.
function CMD.nested(other, a, b) return skynet.call(other, "lua", "add", a, b) + 1 end
function CMD.sleep_then(ticks, value)
	skynet.sleep(ticks)
	return value
end
function CMD.record(n)
	CMD.seen = CMD.seen or {}
	CMD.seen[#CMD.seen + 1] = n
end
function CMD.seen_list() return CMD.seen or {} end
function CMD.exit() skynet.exit() end
-- Busy-wait without yielding, to look stuck to the monitor.
function CMD.spin(ms)
	local stop = skynet.hpc() + ms * 1000000
	while skynet.hpc() < stop do end
end
function CMD.fork_then_fail()
	skynet.fork(function() CMD.forked = true end)
	error("fail after fork (expected by test_fork)")
end
function CMD.forked_flag() return CMD.forked == true end
function CMD.endless() return skynet.stat("endless") end
-- Spin until this dispatch has used ms of CPU (skynet.stat "time"), for at
-- most 5 s of wall time; report the dispatch's CPU time and the service's.
function CMD.spin_stat(ms)
	local stop = skynet.hpc() + 5000000000
	while skynet.stat("time") < ms / 1000 and skynet.hpc() < stop do end
	return skynet.stat("time"), skynet.stat("cpu")
end
-- Spin `ms` of wall time, then block the thread `block_s` seconds outside Lua
-- (a child process): stat "time" counts the spin's CPU, not the wait.
function CMD.block_stat(ms, block_s)
	local stop = skynet.hpc() + ms * 1000000
	while skynet.hpc() < stop do end
	os.execute("sleep " .. block_s)
	return skynet.stat("time")
end
function CMD.stat(what) return skynet.stat(what) end
function CMD.who() return skynet.self(), SERVICE_NAME end
function CMD.tracetag() return skynet.tracetag() end
function CMD.traceproto(flag) skynet.traceproto("lua", flag) end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], "echo_service: no command " .. tostring(cmd))
		if session == 0 then
			f(...)
		else
			skynet.retpack(f(...))
		end
	end)
end)
