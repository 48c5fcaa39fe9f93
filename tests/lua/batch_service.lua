-- batch_service: a helper for test_batch: each handler writes what it does to a log, so the
-- test can read back the order in which a batch of messages ran.
local skynet = require "skynet"

local log = {}
local waiting

local function note(what) log[#log + 1] = what end

local CMD = {}
function CMD.rec(i) note("m" .. i) end
function CMD.fork(i)
	note("m" .. i)
	skynet.fork(function() note("f" .. i) end)
end
function CMD.wait(i)
	note("w" .. i)
	waiting = coroutine.running()
	skynet.wait()
	note("woke" .. i)
end
function CMD.wake(i)
	note("m" .. i)
	skynet.wakeup(waiting)
end
function CMD.callpeer(i, peer)
	note("c" .. i)
	local got = skynet.call(peer, "lua", "echo", i)
	note("r" .. got)
end
function CMD.boom(i)
	note("b" .. i)
	error("boom " .. i .. " (expected by test_batch)")
end
function CMD.exit(i)
	note("x" .. i)
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local i, peer = ...
		if cmd == nil and select("#", ...) == 0 then
			return note("none") -- a send with no value at all
		elseif cmd == "args" then
			-- how many values the handler got after cmd, and each (nil shown as "-")
			local got = { "a" .. select("#", ...) }
			for k = 1, select("#", ...) do got[#got + 1] = tostring((select(k, ...))):gsub("^nil$", "-") end
			return note(table.concat(got, ","))
		elseif cmd == "echo" then
			note("e" .. i)
			return skynet.ret(skynet.pack(i))
		elseif cmd == "later" then
			-- answers through skynet.response: the request's address as the
			-- service recorded it, not the handler's `source`
			note("l" .. i)
			return skynet.response()(true, i)
		elseif cmd == "log" then
			local text = table.concat(log, " ")
			log = {}
			return skynet.ret(skynet.pack(text))
		end
		CMD[cmd](i, peer)
		if session ~= 0 then
			skynet.ret(skynet.pack(i))
		end
	end)
end)
