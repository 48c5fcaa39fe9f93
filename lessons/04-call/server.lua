-- server: answers main's requests in the ways skynet offers (ret, a deferred response, ignoreret, an error).
local skynet = require "skynet"

-- PTYPE_CLIENT messages carry a connection id in the session field, not a
-- request: this is what the gate's agents receive.
skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(fd, _, packet)
		-- lesson 04.5: without ignoreret the end of this task would log "Maybe forgot response session 42"
		skynet.ignoreret()
		skynet.error("server: client packet for fd " .. fd .. ": " .. packet)
	end,
}

local CMD = {}

function CMD.note(session, text)
	skynet.error("server: note (session " .. session .. "): " .. text)
end

function CMD.add(session, a, b)
	-- lesson 04.3: ret sends a RESPONSE (type 1) carrying the caller's session
	skynet.ret(skynet.pack(a + b))
end

function CMD.later(session)
	-- lesson 04.4: response() takes the session out of this coroutine; any coroutine may answer with it later
	local answer = skynet.response()
	skynet.timeout(10, function()
		answer(true, "answered 100 ms later")
	end)
end

function CMD.fail(session)
	-- lesson 04.6: an error in a dispatch is logged here and turned into an ERROR for the caller
	error("server cannot do that")
end

function CMD.bye()
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], "server: unknown command " .. tostring(cmd))
		f(session, ...)
	end)
end)
