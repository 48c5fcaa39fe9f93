-- coroutine_service: a helper for test_coroutine: answers from inner coroutines, and closes <close> variables.
local skynet = require "skynet"
local skynetco = require "skynet.coroutine"

local recorder -- an echo_service that records what was closed

local function closer(what)
	return setmetatable({}, { __close = function()
		skynet.send(recorder, "lua", "record", what)
	end })
end

local CMD = {}

function CMD.set_recorder(addr)
	recorder = addr
	skynet.ret()
end

-- skynet.ret from inside a plain coroutine.wrap answers the request.
function CMD.ret_in_wrap(value)
	coroutine.wrap(function()
		skynet.retpack("wrapped " .. value)
	end)()
end

-- skynet.response taken inside a plain coroutine.
function CMD.response_in_wrap(value)
	local resp = coroutine.wrap(function() return skynet.response() end)()
	skynet.fork(function() resp(true, "later " .. value) end)
end

-- A skynet.coroutine that calls another service between its own yields.
function CMD.generator(other)
	local gen = skynetco.wrap(function(n)
		for i = 1, n do
			skynetco.yield(skynet.call(other, "lua", "add", i, 100))
		end
		return "done"
	end)
	local got = { gen(3), gen(), gen(), gen() }
	skynet.retpack(got)
end

-- status is "blocked" while the inner coroutine waits in skynet.
function CMD.status_while_blocked()
	local co
	co = skynetco.create(function()
		skynet.sleep(1)
		return "slept"
	end)
	local seen
	skynet.fork(function() seen = skynetco.status(co) end)
	local ok, v = skynetco.resume(co)
	skynet.retpack(seen, ok, v, skynetco.status(co), skynetco.yield ~= nil)
end

function CMD.close_on_error()
	local guard <close> = closer("error")
	error("raised with a <close> variable (expected by test_coroutine)")
end

function CMD.sleep_with_close()
	local guard <close> = closer("exit")
	skynet.sleep(100000)
end

function CMD.park_with_close()
	local guard <close> = closer("killed")
	skynet.sleep(100000)
end

function CMD.exit()
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		CMD[cmd](...)
	end)
end)
