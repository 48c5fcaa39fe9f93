-- skynet.response: answering requests: skynet.ret, retpack, ignoreret, response, context.
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

function skynet.ret(msg, sz)
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

function skynet.ignoreret()
	session_coroutine_id[running.thread] = nil
end

-- The session and sender of the request the running task serves.
function skynet.context()
	local co = running.thread
	return session_coroutine_id[co], session_coroutine_address[co]
end

-- A closure that answers the current request later, from any coroutine.
-- response(true, ...) answers; response(false, reason) raises in the caller;
-- response("TEST") tells whether it is still owed. It answers once.
function skynet.response(pack)
	pack = pack or skynet.pack
	local co = running.thread
	local session = session_coroutine_id[co]
	if session == nil then
		error_here "no session"
	end
	session_coroutine_id[co] = nil
	local address = session_coroutine_address[co]
	if session == 0 then
		return function() end
	end
	local response
	response = function(ok, ...)
		if ok == "TEST" then
			return unresponse[response] ~= nil
		end
		if not pack then
			error_here "Can't response more than once"
		end
		local sent = false
		if unresponse[response] then
			unresponse[response] = nil
			if ok then
				sent = c.send(address, PTYPE_RESPONSE, session, pack(...)) ~= nil
			else
				sent = c.send(address, PTYPE_ERROR, session, tostring((...) or "response failed")) ~= nil
			end
		end
		pack = nil
		return sent
	end
	unresponse[response] = address
	return response
end
end
