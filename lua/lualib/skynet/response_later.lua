-- skynet.response_later: answering a request later or not at all (skynet.response, ignoreret, context), loaded on first use (skynet/lazy.lua).
--
-- skynet.ret (skynet/response.lua) is what most services answer with; these
-- three are for services that keep a request open.
return function(skynet, internal)
local c = internal.c
local running = internal.running
local session_coroutine_id = internal.session_coroutine_id
local session_coroutine_address = internal.session_coroutine_address
local unresponse = internal.unresponse
local error_here = internal.error_here -- in skynet.lua: its position reads as skynet's
local PTYPE_RESPONSE, PTYPE_ERROR = skynet.PTYPE_RESPONSE, skynet.PTYPE_ERROR

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
			if ok then
				-- packed and sent first: a pack or a send that raises
				-- (`invalid param number`) leaves it owed, as skynet's
				sent = c.send(address, PTYPE_RESPONSE, session, pack(...)) ~= nil
				unresponse[response] = nil
			else
				unresponse[response] = nil
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
