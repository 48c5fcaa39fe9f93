-- skynet.response: answering requests: skynet.ret and retpack (the rest: skynet/response_later.lua).
--
-- A request's session and sender belong to the task (the coroutine the
-- dispatcher resumed) serving it, so an answer given from a plain coroutine
-- inside that task still goes to the right caller.
return function(skynet, internal)
local c = internal.c
local running = internal.running
local session_coroutine_id = internal.session_coroutine_id
local session_coroutine_address = internal.session_coroutine_address
local unresponse = internal.unresponse
local error_here = internal.error_here -- in skynet.lua: its position reads as skynet's
local PTYPE_RESPONSE, PTYPE_ERROR = skynet.PTYPE_RESPONSE, skynet.PTYPE_ERROR

local tracetag = internal.tracetag
-- The common answer (a session owed to a numeric address, no trace tag) in
-- C: lua/ret_step.cpp. It returns nothing when this Lua must do it.
local ret_step = c.ret_step(running, tracetag)

function skynet.ret(msg, sz)
	local sent = ret_step(msg, sz)
	if sent ~= nil then return sent end
	msg = msg or ""
	local co = running.thread
	local tag = tracetag[co]
	if tag then skynet.tracelog(tag, "response") end
	local session = session_coroutine_id[co]
	if session == nil then
		if sz ~= nil then
			c.trash(msg, sz) -- the packed answer goes nowhere: free it before raising
		end
		error_here "No session"
	end
	session_coroutine_id[co] = nil
	if session == 0 then
		-- the request was a send: nobody waits for the answer
		if sz ~= nil then
			c.trash(msg, sz)
		end
		return false
	end
	local address = session_coroutine_address[co]
	return c.send(address, PTYPE_RESPONSE, session, msg, sz) ~= nil
end

function skynet.retpack(...)
	return skynet.ret(skynet.pack(...))
end

-- skynet.response, ignoreret and context load on first use
-- (skynet/response_later.lua).
end
