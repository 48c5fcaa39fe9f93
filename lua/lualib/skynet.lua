-- skynet: the service-side API (send, call, ret, sleep, fork, ...) with skynet's names and behaviour.
--
-- Every incoming message runs in a coroutine taken from a pool. A coroutine
-- that calls, sleeps or waits yields "SUSPEND" after recording which session
-- will wake it; the RESPONSE (or ERROR) carrying that session resumes it.
local c = require "skynet.core"

local coroutine_create = coroutine.create
local coroutine_resume = coroutine.resume
local coroutine_yield = coroutine.yield
local table_remove, table_unpack = table.remove, table.unpack
local traceback = debug.traceback
local tostring = tostring
-- upvalues, as skynet.lua's: a traceback names them "upvalue 'error'"
local error, assert = error, assert

local tracing = c.tracing()
local trace_co = c.trace_co
-- cheaper ones for the two co.* events of every request and the two of a call
local trace_co_new, trace_co_exit, trace_co_call, trace_co_response =
	c.trace_co_new, c.trace_co_exit, c.trace_co_call, c.trace_co_response

local skynet = {
	PTYPE_TEXT = 0, PTYPE_RESPONSE = 1, PTYPE_MULTICAST = 2, PTYPE_CLIENT = 3, PTYPE_SYSTEM = 4,
	PTYPE_HARBOR = 5, PTYPE_SOCKET = 6, PTYPE_ERROR = 7, PTYPE_QUEUE = 8, PTYPE_DEBUG = 9,
	PTYPE_LUA = 10, PTYPE_SNAX = 11, PTYPE_TRACE = 12,
}
-- <const>: compiled in as numbers, not read from an upvalue at every test
local PTYPE_RESPONSE <const>, PTYPE_ERROR <const>, PTYPE_TRACE <const> = 1, 7, 12
local proto = {}

-- Who waits for what.
local session_id_coroutine = {}      -- session -> coroutine waiting for its reply (or "BREAK")
-- coroutine -> session of the request it is serving, and that request's
-- sender; tracetag and pending_start below: what C reads of a task is kept
-- in a record per pooled coroutine (lua/co_record.h: what it buys and costs)
-- The wake-up, error and fork ({ h = 1, t = 0 }) queues and trace_source (below) are
-- C's too: a new entry sets a flag C tests (lua/queue_flags.h)
local new_record, session_coroutine_id, session_coroutine_address, tracetag, pending_start,
	wakeup_queue, error_queue, fork_queue, trace_source = c.co_records()
local watching_session = {}          -- session of an outgoing call -> callee address
local sleep_session = {}             -- sleep/wait token -> session
local unresponse = {}                -- response closure -> address still owed an answer
-- pending_start: coroutine -> function it will run when first resumed
-- Coroutine numbers, for the trace and skynet.task.
local co_id = setmetatable({}, { __mode = "k" })
local co_count = 0
-- skynet.call's C step (skynet/call.lua) and the session reservation every park makes (lua/call_park.cpp)
local call_park, reserve_sessions = c.call_park(watching_session, session_id_coroutine, co_id, tracing)

local coroutine_pool = {}

-- skynet.trace: tracetag, task -> its trace tag (or false: tracing forced
-- off), and trace_source: a sender -> the tag its PTYPE_TRACE announced for its next request.
local tracelog = c.trace -- skynet.tracelog (lua/trace_line.cpp)

-- The task the dispatcher resumed last. Answers and waits belong to it, not
-- to coroutine.running(): a plain coroutine.wrap inside a task, or a
-- skynet.coroutine, acts for the task that runs it (as in skynet).
local running = { thread = nil }

----------------------------------------------------------------------
-- coroutines
----------------------------------------------------------------------

-- Runs one task; returns its function, for the "Maybe forgot response" line.
local function forgot_response(co, session, f)
	local info = debug.getinfo(f, "S")
	c.error(string.format("Maybe forgot response session %s from %s : %s:%d", session,
		skynet.address(session_coroutine_address[co]), info.source, info.linedefined))
end

-- batch: the coroutine raw_dispatch_message is running a request in. When the
-- handler returns without suspending, the coroutine takes the next message of
-- the worker's batch (c.next_message) and, if it is a plain request, runs it
-- in place: one Lua entry for a run of requests. What it buys (1.3-1.6x the
-- msgs/s) and costs: docs/benchmarks.md, "batch".
local batch_co
local batch_more = false -- the worker's batch has messages after this one
local c_next_message = c.next_message
-- Both C steps record the trace's co.exit and co.new as this loop does, so
-- a traced service keeps them (docs/benchmarks.md, "trace on the C steps").
local c_batch_step, c_unpack_failed = c.batch_step(tracetag, -- the step
	wakeup_queue, error_queue, fork_queue, proto, trace_source, co_id, tracing)
local c_task_end = c.task_end(tracetag, coroutine_pool, co_id, tracing) -- lua/task_end.cpp

-- The batch coroutine unpacking its next request (here or in C, whose record
-- says so: c.unpack_failed): an unpack that raises there fails the dispatch
-- as skynet's dispatcher does when it unpacks, not the task (suspend).
local unpacking

-- Sets up the request a batch coroutine runs next; passes the unpacked
-- arguments through, so a message that fails to unpack is not yet owed an
-- answer (as when the dispatcher unpacks it).
local function request_begin(co, session, source, ...)
	unpacking = nil
	session_coroutine_id[co] = session
	session_coroutine_address[co] = source
	if tracing then
		trace_co_new(co_id[co]) -- with the session and source C holds
	end
	return ...
end

-- A number for each coroutine (the pool's, skynet.request's), for the trace and skynet.task.
local function co_number(co)
	co_count = co_count + 1
	co_id[co] = co_count
	return co_count
end

-- A parked coroutine is resumed with (f, ...) and runs f(...) as its next
-- task. The end-of-task bookkeeping is inlined in its loop: this runs once
-- per message, and a function call here costs a measurable share.
local function co_create()
	local co
	-- f an upvalue as in skynet's co_create: a traceback through a task names it "upvalue 'f'"
	local f
	local function run_next(first, ...)
		if not first then return false end -- c_task_end (an end of task with no batch) declined
		f = first
		f(...)
		return true
	end
	co = coroutine_create(function(...)
		run_next(...)
		while true do
			if batch_more then -- the next request of the batch (c_batch_step), or the end of a task in C
				if wakeup_queue[1] == nil and batch_co == co then
					-- its answer in fixed slots, no vararg function: 6,632 -> 6,168 instructions a send (lua/batch_step.cpp)
					local fast, more, handler, session, source, a1, a2, a3, a4, n = c_batch_step()
					if fast then
						batch_more = more
						if handler then -- n values: a1..a4, or more in a table a1
							f = handler
							if n == 1 then f(session, source, a1) elseif n == 2 then f(session, source, a1, a2)
							elseif n == 3 then f(session, source, a1, a2, a3) elseif n == 0 then f(session, source)
							elseif n == 4 then f(session, source, a1, a2, a3, a4) else f(session, source, table_unpack(a1, 1, n)) end
						else -- back to the pool, with the message taken that is not a plain request (a1: its type), if any
							coroutine_pool[#coroutine_pool + 1] = co
							run_next(coroutine_yield("EXIT", a1, a2, a3, session, source))
						end
						goto continue
					end
				end
			elseif run_next(c_task_end(co)) then goto continue end
			local session = session_coroutine_id[co]
			if session then
				if session ~= 0 then forgot_response(co, session, f) end
				session_coroutine_id[co] = nil
			end
			session_coroutine_address[co] = nil
			local tag = tracetag[co]
			if tag ~= nil then
				if tag then tracelog(tag, "end") end
				tracetag[co] = nil
			end
			-- batch (above): only while nothing woken or forked waits to run
			local prototype, msg, sz, source
			session = nil
			if batch_more and batch_co == co and wakeup_queue[1] == nil and error_queue[1] == nil
				and fork_queue.h > fork_queue.t then
				-- records the task's co.exit too, given its number (tracing)
				prototype, msg, sz, session, source, batch_more = c_next_message(tracing and co_id[co])
			elseif tracing then
				trace_co_exit(co_id[co], true)
			end
			local p = prototype and proto[prototype]
			local handler = p and p.dispatch
			if handler and prototype ~= PTYPE_RESPONSE and prototype ~= PTYPE_ERROR
				and p.trace == nil and not trace_source[source] then
				f = handler
				unpacking = co -- an unpack that raises fails the dispatch, not the task (suspend)
				f(session, source, request_begin(co, session, source, p.unpack(msg, sz)))
			elseif prototype == nil then
				-- back to the pool, the common case: nothing taken from the batch
				coroutine_pool[#coroutine_pool + 1] = co
				run_next(coroutine_yield "EXIT")
			else
				-- back to the pool; a message taken but not a plain request
				-- goes to the dispatcher with the yield
				coroutine_pool[#coroutine_pool + 1] = co
				run_next(coroutine_yield("EXIT", prototype, msg, sz, session, source))
			end
			::continue::
		end
	end)
	new_record(co, co_number(co)) -- the record keeps the number for the C steps
	return co
end

local function co_get()
	local pooled = #coroutine_pool
	local co = coroutine_pool[pooled]
	if co then coroutine_pool[pooled] = nil else co = co_create() end
	return co
end

local suspend

local function dispatch_wakeup()
	while true do
		-- a lone token (a socket's reader) without table.remove: 2 C calls, ~400 instructions an echo
		local token = wakeup_queue[1]
		if token == nil then return end
		if wakeup_queue[2] == nil then wakeup_queue[1] = nil else table_remove(wakeup_queue, 1) end
		local session = sleep_session[token]
		if session then
			local co = session_id_coroutine[session]
			-- The timer (if any) will still answer; "BREAK" tells us to ignore it.
			session_id_coroutine[session] = "BREAK"
			if tracing then
				trace_co("co.resume", co_id[co], session, "wakeup")
			end
			running.thread = co
			return suspend(co, coroutine_resume(co, false, "BREAK"))
		end
	end
end

local function dispatch_error_queue()
	local entry = table_remove(error_queue, 1)
	if entry then
		local session, reason = entry[1], entry[2]
		local co = session_id_coroutine[session]
		session_id_coroutine[session] = nil
		if co and co ~= "BREAK" then
			if tracing then
				trace_co("co.resume", co_id[co], session, "error")
			end
			running.thread = co
			return suspend(co, coroutine_resume(co, false, reason, nil, session))
		end
	end
end

-- What to do after a coroutine yields or ends.
function suspend(co, ok, command)
	if not ok then
		-- The task raised: answer its caller with an ERROR so the caller's
		-- call raises too, then let the error reach the log with a traceback.
		local session = session_coroutine_id[co]
		local tag = tracetag[co]
		if session and session ~= 0 then
			if tag then tracelog(tag, "error") end -- as skynet's: only for a request owed an answer
			local address = session_coroutine_address[co]
			c.send(address, PTYPE_ERROR, session, tostring(command))
		end
		session_coroutine_id[co] = nil
		session_coroutine_address[co] = nil
		tracetag[co] = nil
		if tracing then trace_co_exit(co_id[co], false) end
		-- what it woke (a failing queue section's successor) runs in this message's forks: skynet forks an empty task
		if wakeup_queue[1] or error_queue[1] then skynet.fork(function() end) end
		local stack = traceback(co, tostring(command))
		-- as skynet: the task's to-be-closed variables are closed now
		coroutine.close(co)
		if unpacking == co or c_unpack_failed(co) then unpacking = nil; error(command, 0) end
		error(stack)
	end
	if command == "SUSPEND" or command == "EXIT" then
		-- A waiting coroutine, or a finished task back in the pool: either
		-- may have woken others, who run now.
		if wakeup_queue[1] then
			dispatch_wakeup()
		end
		if error_queue[1] then
			dispatch_error_queue()
		end
	elseif command == "QUIT" then
		-- skynet.exit: the exiting task never resumes; close it
		coroutine.close(co)
		return
	elseif command == "USER" then
		-- skynet.coroutine.yield in a task, outside any skynet.coroutine.resume
		error("Call skynet.coroutine.yield out of skynet.coroutine.resume\n" .. traceback(co))
	elseif command == nil then
		-- a plain coroutine.yield() inside a task: as skynet's, the task is left
		-- suspended and nothing is said (nothing will wake it)
		return
	else
		error("Unknown command : " .. tostring(command) .. "\n" .. traceback(co))
	end
end

-- Park the running coroutine until `session` is answered.
local function suspend_session(session, why, peer)
	local co = running.thread
	reserve_sessions(session)
	session_id_coroutine[session] = co
	if tracing then
		if type(peer) == "string" then
			peer = c.addresscommand("QUERY", peer) or 0
		end
		if why == "call" then
			trace_co_call(co_id[co], session, peer)
		else
			trace_co("co.suspend", co_id[co], session, why, peer)
		end
	end
	return coroutine_yield "SUSPEND"
end

-- Wait for the answer to a call. A failed call raises skynet's own text,
-- "call failed", positioned here as skynet's is in its skynet.lua, so a pcall
-- sees the same message; why it failed is in the trace (msg.error/msg.drop).
local function yield_call(addr, session)
	watching_session[session] = addr
	local succ, msg, sz = suspend_session(session, "call", addr)
	watching_session[session] = nil
	if not succ then
		error "call failed"
	end
	return msg, sz
end

-- The same failure for skynet.call's untraced path (skynet/call.lua), which
-- parks its task itself rather than through yield_call.
local function call_failed() error "call failed" end

-- Errors of the API skynet keeps in skynet.lua and we in skynet/*.lua are
-- raised here, so the message reads "skynet.lua:N: ..." as skynet's.
local function error_here(msg) error(msg) end
local function invalid_address(addr) error("call to invalid address " .. skynet.address(addr)) end

-- Raised from here, where skynet's skynet.lua raises them, never tail-called
-- (a traceback would say "(...tail calls...)"): a refused address (nil, a
-- table, 0) by c.send itself ("upvalue 'csend'" for a call, "field 'send'"
-- for a send, as skynet's tracebacks), and an unknown protocol by indexing
-- the missing entry: "(field '?')", and "(local 'p')" from source compiled on
-- first use (our library's bytecode has no local names: lua/dump_strip.cpp).
local csend, index_p = c.send, nil
local function refuse_address(addr, ptype, session, msg, sz)
	local r
	if session == 0 then r = c.send(addr, ptype, session, msg, sz) else r = csend(addr, ptype, session, msg, sz) end
	return r
end
local function refuse_redirect(...) local r = c.redirect(...) return r end
local function index_missing_proto(typename)
	index_p = index_p or load("local proto, typename = ...\nlocal p = proto[typename]\nreturn p.id",
		debug.getinfo(1, "S").source)
	local r = index_p(proto, typename)
	return r
end
local function index_missing_proto_field(typename) return proto[typename].id end

-- assert, raising from here: the API skynet keeps in skynet.lua but we keep
-- in skynet/*.lua (uniqueservice, ...) fails with skynet.lua's position.
local function assert_here(ok, ...)
	assert(ok, ...)
	return ok, ...
end

-- Sending and calling: skynet/call.lua (and call_raw.lua); forking: skynet/fork.lua.
----------------------------------------------------------------------
-- dispatching incoming messages
----------------------------------------------------------------------
local unknown = {} -- what nobody waits for or handles (skynet/protocol.lua)

-- A request arrives traced: announced by its sender (PTYPE_TRACE), or its
-- protocol is traced (skynet.traceproto): true always, false never.
local function start_trace(co, flag, source)
	local tag = trace_source[source]
	trace_source[source] = nil
	if flag == false then
		tracetag[co] = false
	elseif tag then
		tracelog(tag, "request")
		tracetag[co] = tag
	elseif flag then
		skynet.trace()
	end
end

-- Start (for a timeout or fork) or resume (for a reply) the coroutine.
local function resume_waiting(co, session, ...)
	local f = pending_start[co]
	if f then
		pending_start[co] = nil
		if tracing then
			trace_co("co.resume", co_id[co], session, "timeout")
		end
		running.thread = co
		-- f gets what the answer brings, as skynet's timeouts do: (true, msg, sz, session)
		return suspend(co, coroutine_resume(co, f, true, ...))
	end
	if tracing then
		-- an outgoing call's (or skynet.request's) session is watched until
		-- its answer is taken: its co.resume is "response", a sleep's "timeout"
		if watching_session[session] ~= nil then
			trace_co_response(co_id[co], session)
		else
			trace_co("co.resume", co_id[co], session, "timeout")
		end
	end
	running.thread = co
	return suspend(co, coroutine_resume(co, true, ...))
end

-- An ERROR: its sender is gone (session 0) or our call failed. The "error" protocol's dispatch,
-- as skynet's (skynet.dispatch("error") gives it; one of the program's own runs as a request's).
local function error_dispatch(session, source, msg, sz)
	local reason = (sz and sz > 0) and c.tostring(msg, sz) or nil
	if session == 0 then
		-- the sender is gone: forget the answers we owe it, fail our calls to it
		for resp, address in pairs(unresponse) do
			if address == source then unresponse[resp] = nil end
		end
		for s, address in pairs(watching_session) do
			if address == source then error_queue[#error_queue + 1] = { s, reason or "service exited" } end
		end
	else
		error_queue[#error_queue + 1] = { session, reason or "error" }
	end
end

local function raw_dispatch_message(prototype, msg, sz, session, source)
	if prototype == PTYPE_RESPONSE then
		local co = session_id_coroutine[session]
		if co == "BREAK" then
			session_id_coroutine[session] = nil
		elseif co == nil then
			unknown.response(session, source, msg, sz)
		else
			session_id_coroutine[session] = nil
			local tag = tracetag[co]
			if tag then tracelog(tag, "resume") end
			resume_waiting(co, session, msg, sz, session)
		end
		return
	end
	if prototype == PTYPE_ERROR and proto[PTYPE_ERROR].dispatch == error_dispatch then
		error_dispatch(session, source, msg, sz)
		return dispatch_error_queue()
	end
	local p = proto[prototype]
	local f = p and p.dispatch
	if f == nil then
		if prototype == PTYPE_TRACE then
			-- the sender's next request belongs to this trace
			trace_source[source] = c.tostring(msg, sz)
			return
		end
		trace_source[source] = nil
		-- as skynet: a request is refused with an ERROR and nothing logged;
		-- only a send (no session) reaches unknown.request
		if session ~= 0 then
			c.send(source, PTYPE_ERROR, session, "unknown protocol " .. prototype)
			return
		end
		if p == nil then
			return unknown.request(session, source, msg, sz, prototype)
		end
		return unknown.request(session, source, msg, sz, p.name)
	end
	-- direct (socket.lua's): a message it handles without suspending runs on
	-- the dispatcher, no task coroutine; what it woke runs right after. Buys:
	-- coroutine echo 24,050 -> 19,440 instructions; costs: this test per
	-- message, no co.new/co.exit for it (docs/benchmarks.md "socket direct").
	local direct = p.direct
	if direct and p.trace == nil and direct(msg, sz) then
		if wakeup_queue[1] then dispatch_wakeup() end
		return
	end
	local pooled = #coroutine_pool -- co_get, inlined: a call costs ~2% of a message
	local co = coroutine_pool[pooled]
	if co then coroutine_pool[pooled] = nil else co = co_create() end
	session_coroutine_id[co] = session
	session_coroutine_address[co] = source
	if tracing then
		trace_co_new(co_id[co]) -- with the session and source C holds
	end
	local ok, command, next_type, next_msg, next_sz, next_session, next_source
	running.thread = co
	if p.trace ~= nil or trace_source[source] then
		start_trace(co, p.trace, source)
	end
	batch_co = co
	-- unpacked here, outside the task, as skynet does: one that raises (or a
	-- protocol with no unpack: "attempt to call a nil value (field 'unpack')")
	-- fails the dispatch, and a caller is never answered
	ok, command, next_type, next_msg, next_sz, next_session, next_source =
		coroutine_resume(co, f, session, source, p.unpack(msg, sz))
	batch_co = nil
	-- The common case, a task (or a batch of them) that ran to its end and
	-- woke nobody, needs no more work; a message its coroutine took from the
	-- batch but could not run goes back to skynet.dispatch_message.
	if ok and command == "EXIT" and wakeup_queue[1] == nil and error_queue[1] == nil then
		return next_type, next_msg, next_sz, next_session, next_source
	end
	return suspend(co, ok, command)
end

local run_forks -- runs the forks after a message: skynet/fork.lua's, set once it is loaded

-- A dispatch whose forks failed raises this (the text inside), so the fork
-- runner below raises it once, without running forks again.
local forks_failed = {}

-- The C side calls this for every message, inside its own pcall (which logs
-- a raise with its traceback). Named parameters: a vararg function copies its
-- frame on every call. It loops for a message a batch coroutine handed back
-- ("batch" above), then takes the next of the worker's batch itself: after a
-- task that woke another, the next message needs no C-to-Lua entry either.
function skynet.dispatch_message(prototype, msg, sz, session, source, more)
	batch_more = more
	while true do
		-- nil: dispatch_after's message, whose coroutine already ran
		if prototype ~= nil then
			prototype, msg, sz, session, source = raw_dispatch_message(prototype, msg, sz, session, source)
		end
		if fork_queue.h <= fork_queue.t then
			local failed = run_forks(true)
			if failed then error(setmetatable({ failed }, forks_failed)) end
		end
		if prototype == nil then
			if not batch_more then return end
			prototype, msg, sz, session, source, batch_more = c_next_message()
			if prototype == nil then return end
		end
	end
end

-- A coroutine that lua/dispatch_fast.cpp resumed (a call's request or its
-- answer) yielded more than "back to the pool" or "waiting again", or raised,
-- or something was woken, queued or forked meanwhile: what raw_dispatch_message
-- would do next, then the forks and the batch, as dispatch_message.
local function dispatch_after(co, ok, command, more)
	suspend(co, ok, command)
	return skynet.dispatch_message(nil, nil, nil, nil, nil, more)
end

-- A call's request and its answer skip the Lua dispatch: the C callback
-- resumes their coroutine when these tables say nothing else is to be done,
-- recording co.new and co.resume as raw_dispatch_message would (what it
-- buys: lua/dispatch_fast.cpp).
c.dispatch_fast(session_id_coroutine, pending_start, tracetag, running,
	wakeup_queue, error_queue, fork_queue, dispatch_after, proto, trace_source,
	coroutine_pool, co_id, watching_session, tracing)

-- When a dispatch raised, the C side calls this next with the error (bare,
-- with no traceback yet): the forks that message made still run, as skynet
-- runs forks after every message, and then the errors raise together through
-- assert, as skynet's dispatch_message ends, so the log line (its position
-- prefix, its traceback) reads as skynet's. Without an error (a callback of
-- another kind raised) it only runs the forks.
local function after_dispatch(raised, err)
	local failed
	if raised and getmetatable(err) == forks_failed then
		failed = err[1]
	elseif raised then
		failed = run_forks(false, err)
	elseif fork_queue.h <= fork_queue.t then
		failed = run_forks(true)
	end
	assert(not failed, failed)
end
c.fork_runner(after_dispatch) -- and skynet.manager's forward_type and filter (skynet/forward.lua)

for _, name in ipairs { "error", "genid", "pack", "unpack", "packstring", "tostring", "trash" } do
	skynet[name] = c[name] -- skynet.error and the others are skynet.core's own
end

skynet._proto, skynet._raw_dispatch, skynet._core, skynet._after_dispatch = proto, raw_dispatch_message, c, after_dispatch -- skynet.manager's and tests'

-- The rest of the API lives in one file per concept (as skynet keeps skynet/debug.lua
-- beside skynet.lua). Each gets the internals it needs here; not for services to use.
local internal = {
	c = c, proto = proto, tracing = tracing, trace_co = trace_co, co_id = co_id, co_get = co_get,
	co_number = co_number, tracetag = tracetag, running = running, suspend = suspend, call_park = call_park, reserve_sessions = reserve_sessions,
	suspend_session = suspend_session, yield_call = yield_call, call_failed = call_failed,
	invalid_address = invalid_address, assert_here = assert_here, error_here = error_here,
	refuse_address = refuse_address, refuse_redirect = refuse_redirect,
	index_missing_proto = index_missing_proto, index_missing_proto_field = index_missing_proto_field, unknown = unknown,
	session_id_coroutine = session_id_coroutine, session_coroutine_id = session_coroutine_id,
	session_coroutine_address = session_coroutine_address, sleep_session = sleep_session,
	watching_session = watching_session, error_queue = error_queue,
	unresponse = unresponse, wakeup_queue = wakeup_queue, pending_start = pending_start, fork_queue = fork_queue,
}
-- The parts load from the files beside this one (where require found it)
-- through the code cache, not by require: no service requires them, and a
-- require's searchers cost more than the load (1,348 -> 1,319 K instructions
-- per create+kill, docs/benchmarks.md). Anywhere else, require finds them.
local here, cc = select(2, ...), package.loaded["skynet.codecache"]
local dir = type(here) == "string" and cc and here:match "^(.*/)skynet%.lua$"
local function part(name)
	local f = dir and cc.loadfile(dir .. "skynet/" .. name .. ".lua")
	if f then return f() end
	return require("skynet." .. name)
end
for _, name in ipairs { "protocol", "call", "fork" } do part(name)(skynet, internal) end
run_forks = internal.run_forks
-- The built-in protocols (RESPONSE and ERROR: raw_dispatch_message's own, registered for the names).
skynet.register_protocol { name = "lua", id = skynet.PTYPE_LUA, pack = skynet.pack, unpack = skynet.unpack }
skynet.register_protocol { name = "response", id = PTYPE_RESPONSE }
skynet.register_protocol { name = "error", id = PTYPE_ERROR, unpack = function(...) return ... end, dispatch = error_dispatch }
for _, name in ipairs { "response", "time", "lifecycle" } do part(name)(skynet, internal) end
part "lazy" (skynet, internal) -- skynet.debug, skynet.trace and skynet.request load on first use

return skynet
