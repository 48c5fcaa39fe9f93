-- skynet.time: timeouts, sleeping, waiting and waking, and the clock (skynet.now, skynet.time).
--
-- A sleep is a call to the timer: skynet.sleep asks for a TIMEOUT, which
-- answers with a RESPONSE on a new session; the coroutine waits on that
-- session like any call. skynet.wakeup ends a sleep or wait early.
local coroutine_running = coroutine.running
local coroutine_resume = coroutine.resume
local coroutine_yield = coroutine.yield

return function(skynet, internal)
local c = internal.c
local co_get = internal.co_get
local pending_start = internal.pending_start
local session_id_coroutine = internal.session_id_coroutine
local sleep_session = internal.sleep_session
local wakeup_queue = internal.wakeup_queue
local suspend_session = internal.suspend_session
local tracing, trace_co, co_id = internal.tracing, internal.trace_co, internal.co_id
local running, suspend, error_queue = internal.running, internal.suspend, internal.error_queue

-- Compiled from source under skynet.lua's chunk name, for what skynet
-- raises there: a tick count that is not an integer, refused by C as its
-- skynet.lua's `cintcommand` ("bad argument #2 to 'cintcommand' (number has
-- no integer representation)"), and a timeout of nil, which fails when it
-- fires ("attempt to call a nil value (upvalue 'f')").
-- (skynet/raise_here.lua; inline: a function here costs every service
-- ~0.3 KiB of Lua memory)
local math_type = math.type

function skynet.timeout(ti, func)
	local session = math_type(ti) == "integer" and c.intcommand("TIMEOUT", ti)
		or require("skynet.raise_here").cintcommand(ti)
	func = func or require("skynet.raise_here").call_nil
	assert(session, "skynet.timeout: the timer refused")
	local co = co_get()
	local where = internal.timeout_traceback
	if where then
		where[co] = debug.traceback(string.format("TIMER %d+%d : ", skynet.now(), ti), 2)
		local f = func
		func = function(...)
			where[co] = nil
			f(...)
		end
	end
	pending_start[co] = func
	session_id_coroutine[session] = co
	if tracing then
		trace_co("co.new", co_id[co], session, "timeout", 0)
	end
	return co
end

-- A token already sleeping or waiting fails skynet's assert, at skynet.lua.
-- skynet has given the session to the task by then, so the timer's answer
-- comes to it unnoticed: here it is dropped (a "BREAK"), as quietly. In a
-- main chunk there is no task (skynet's gives it to nil): "Unknown session".
local function duplicative(session)
	session_id_coroutine[session] = running.thread and "BREAK" or nil
	internal.assert_here(false, "token duplicative")
end

local function suspend_sleep(session, token, why)
	if sleep_session[token] ~= nil then duplicative(session) end
	sleep_session[token] = session
	return suspend_session(session, why)
end

function skynet.sleep(ti, token)
	local session = math_type(ti) == "integer" and c.intcommand("TIMEOUT", ti)
		or require("skynet.raise_here").cintcommand(ti)
	assert(session, "skynet.sleep: the timer refused")
	token = token or coroutine_running()
	local tag = internal.tracetag[internal.running.thread]
	if tag then skynet.tracelog(tag, "sleep", 1) end
	local succ, ret = suspend_sleep(session, token, "sleep")
	sleep_session[token] = nil
	if succ then
		return
	end
	if ret == "BREAK" then
		return "BREAK"
	end
	error(ret)
end

function skynet.yield()
	return skynet.sleep(0)
end

-- `why` (skyglass) names what is awaited in the trace, e.g. "socket".
-- Untraced, suspend_sleep and suspend_session are inlined (the same table
-- entries, the same yield): two Lua calls fewer per socket read that waits
-- (part of the figure at socket.lua's handoff, not measured alone).
function skynet.wait(token, why)
	local session = c.genid()
	token = token or coroutine_running()
	if tracing then
		suspend_sleep(session, token, why or "wait")
	else
		if sleep_session[token] ~= nil then duplicative(session) end
		sleep_session[token] = session
		session_id_coroutine[session] = running.thread
		coroutine_yield "SUSPEND"
	end
	sleep_session[token] = nil
	session_id_coroutine[session] = nil
end

function skynet.wakeup(token)
	if sleep_session[token] then
		wakeup_queue[#wakeup_queue + 1] = token
		return true
	end
	-- nothing (not false) for a token no one waits on, as skynet's
end

-- skyglass, for socket.lua's `direct` DATA only: skynet.wakeup from the
-- dispatcher itself (no task is running), where the woken coroutine would be
-- the next to run anyway (skynet.lua's raw_dispatch_message drains the queue
-- right after `direct`): it runs now, without the trip through the queue,
-- unless others are queued before it. Same resume, trace event and "BREAK".
-- Buys, with socket.lua's handoff: 16,745 -> 12,838 instructions per echoed
-- message (docs/benchmarks.md "handoff"); the inlined end: 13,307 -> 12,838.
function skynet._wakeup_now(token)
	local session = sleep_session[token]
	if session == nil or wakeup_queue[1] then
		return skynet.wakeup(token)
	end
	local co = session_id_coroutine[session]
	session_id_coroutine[session] = "BREAK"
	if tracing then
		trace_co("co.resume", co_id[co], session, "wakeup")
	end
	running.thread = co
	local ok, command = coroutine_resume(co, false, "BREAK")
	-- the common end, suspend's first tests inlined: waiting again, nobody woken
	if not (ok and command == "SUSPEND" and wakeup_queue[1] == nil and error_queue[1] == nil) then
		suspend(co, ok, command)
	end
	return true
end

function skynet.now()
	return c.now()
end

function skynet.hpc()
	return c.hpc()
end

local starttime
function skynet.starttime()
	if not starttime then
		starttime = c.intcommand("STARTTIME")
	end
	return starttime
end

function skynet.time()
	return skynet.now() / 100 + skynet.starttime()
end

end
