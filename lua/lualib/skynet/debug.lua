-- skynet.debug: the debug protocol (PTYPE_DEBUG) every service answers, and what it reports.
--
-- debug_console and other tools ask a service about itself with
-- skynet.call(addr, "debug", CMD, ...): MEM, GC, STAT, TASK, UNIQTASK, INFO,
-- KILLTASK, EXIT, RUN, TERM, SUPPORT, PING, LINK, TRACELOG. A module may add
-- its own commands with reg_debugcmd (snax adds HOTFIX, for example).
local traceback = debug.traceback

local extra_commands = {} -- name -> function added by reg_debugcmd

local function init(skynet, internal)
local c = internal.c
local session_id_coroutine = internal.session_id_coroutine
local session_coroutine_id = internal.session_coroutine_id
local session_coroutine_address = internal.session_coroutine_address
local watching_session = internal.watching_session
local sleep_session = internal.sleep_session
local error_queue = internal.error_queue
local unresponse = internal.unresponse

function skynet.mqlen()
	return c.intcommand("MQLEN")
end

-- skynet.endless(): has this service's current dispatch run too long
-- (the monitor's mark)?
function skynet.endless()
	return skynet.stat "endless" == 1
end

-- skynet.stat(what): "mqlen", "message", "endless", "time", "cpu".
-- skynet answers 0 for what it does not count
function skynet.stat(what)
	return tonumber((c.command("STAT", what))) or 0
end

local function task_traceback(co)
	if co == "BREAK" then
		return co
	end
	local where = internal.timeout_traceback
	if where and where[co] then
		return where[co] -- a timeout not yet started: where it was set
	end
	return traceback(co)
end

-- skynet.task(): how many coroutines wait for a reply or timer;
-- skynet.task(t): fill t["<thread> session: N"] with each one's traceback;
-- skynet.task(session): the traceback of the one waiting on it;
-- skynet.task(co): the session that coroutine waits on.
function skynet.task(ret)
	if ret == nil then
		local n = 0
		for _, co in pairs(session_id_coroutine) do
			if co ~= "BREAK" then
				n = n + 1
			end
		end
		return n
	end
	if ret == "init" then
		local co = internal.init_thread
		if co then
			return traceback(co)
		end
		return -- nothing, not nil: a debug TASK "init" answers no value, as skynet's
	end
	local kind = type(ret)
	if kind == "table" then
		for session, co in pairs(session_id_coroutine) do
			ret[string.format("%s session: %d", tostring(co), session)] = task_traceback(co)
		end
		return
	elseif kind == "number" then
		local co = session_id_coroutine[ret]
		if co then
			return task_traceback(co)
		end
		return "No session"
	elseif kind == "thread" then
		for session, co in pairs(session_id_coroutine) do
			if co == ret then
				return session
			end
		end
	end
end

-- Coroutines grouped by identical stacks: "count\tsessions:[s1,s2]\n" -> stack.
function skynet.uniqtask()
	local stacks = {}
	for session, co in pairs(session_id_coroutine) do
		local stack = task_traceback(co)
		local info = stacks[stack]
		if not info then
			info = { count = 0, sessions = {} }
			stacks[stack] = info
		end
		info.count = info.count + 1
		if info.count < 10 then
			info.sessions[#info.sessions + 1] = session
		end
	end
	local ret = {}
	for stack, info in pairs(stacks) do
		local sessions = table.concat(info.sessions, ",")
		if info.count > 10 then
			sessions = sessions .. "..."
		end
		ret[string.format("%d\tsessions:[%s]\n", info.count, sessions)] = stack
	end
	return ret
end

-- Take a forked coroutine that has not started yet off the fork queue.
-- Here, not in skynet/fork.lua, which every service loads at start: only
-- killthread needs it (each function loaded at start costs its undump in
-- every create+kill, docs/benchmarks.md).
local function remove_fork(co)
	local fork_queue, pending_start = internal.fork_queue, internal.pending_start
	for i = fork_queue.h, fork_queue.t do
		if fork_queue[i] == co then
			table.move(fork_queue, i + 1, fork_queue.t, i)
			fork_queue[fork_queue.t] = nil
			fork_queue.t = fork_queue.t - 1
			pending_start[co] = nil
			return true
		end
	end
end

-- Stop one waiting coroutine: given a coroutine, or a string found in its
-- name ("thread: 0x..."). A request it was serving gets an ERROR; its
-- to-be-closed variables are closed. Returns the coroutine, or nil.
function skynet.killthread(thread)
	if type(thread) ~= "string" and remove_fork(thread) then
		return thread
	end
	local session
	-- a name is a Lua pattern, as skynet's (a "[" raises "malformed pattern"
	-- at skynet.lua)
	local find = type(thread) == "string" and require("skynet.raise_here").find
	for s, co in pairs(session_id_coroutine) do
		if (find and find(tostring(co), thread)) or co == thread then
			session = s
			break
		end
	end
	local co = session and session_id_coroutine[session]
	if type(co) ~= "thread" then
		return
	end
	local address = session_coroutine_address[co]
	if address then
		local request = session_coroutine_id[co]
		if request and request > 0 then
			c.send(address, skynet.PTYPE_ERROR, request, "")
		end
		session_coroutine_id[co] = nil
		session_coroutine_address[co] = nil
	end
	if watching_session[session] then
		-- the answer will still come: ignore it when it does
		session_id_coroutine[session] = "BREAK"
		watching_session[session] = nil
	else
		session_id_coroutine[session] = nil
	end
	for token, s in pairs(sleep_session) do
		if s == session then
			sleep_session[token] = nil
			break
		end
	end
	coroutine.close(co)
	return co
end

-- Behave as if `service` had exited: every call waiting on it fails (when
-- this coroutine next yields), and answers owed to it are dropped.
function skynet.term(service)
	-- as skynet's (its error dispatch does this): the request running term,
	-- if any, is not answered (a debug TERM's caller waits for ever)
	skynet.ignoreret()
	for resp, address in pairs(unresponse) do
		if address == service then
			unresponse[resp] = nil
		end
	end
	for session, address in pairs(watching_session) do
		if address == service then
			error_queue[#error_queue + 1] = { session, "service " .. skynet.address(service) .. " exited" }
		end
	end
end

-- named as skynet's: a raising info function's traceback shows "upvalue 'internal_info_func'"
local internal_info_func
function skynet.info_func(func)
	internal_info_func = func
end

local cmd = {}

function cmd.MEM()
	skynet.ret(skynet.pack(collectgarbage "count"))
end

local collecting = false
function cmd.GC()
	if collecting then
		return
	end
	collecting = true
	local before, before_time = collectgarbage "count", skynet.now()
	collectgarbage "collect"
	skynet.yield() -- a burst of GC requests runs one collection
	local after, after_time = collectgarbage "count", skynet.now()
	skynet.error(string.format("GC %.2f Kb -> %.2f Kb, cost %.2f sec", before, after,
		(after_time - before_time) / 100))
	collecting = false
end

function cmd.STAT()
	skynet.ret(skynet.pack {
		task = skynet.task(),
		mqlen = skynet.stat "mqlen",
		cpu = skynet.stat "cpu",
		message = skynet.stat "message",
	})
end

function cmd.KILLTASK(name)
	local co = skynet.killthread(name)
	if co then
		skynet.error(string.format("Kill %s", co))
		skynet.ret()
	else
		skynet.error(string.format("Kill %s : Not found", name))
		skynet.ret(skynet.pack "Not found")
	end
end

function cmd.TASK(session)
	if session then
		skynet.ret(skynet.pack(skynet.task(session)))
	else
		local task = {}
		skynet.task(task)
		skynet.ret(skynet.pack(task))
	end
end

function cmd.UNIQTASK()
	skynet.ret(skynet.pack(skynet.uniqtask()))
end

function cmd.INFO(...)
	if internal_info_func then
		skynet.ret(skynet.pack(internal_info_func(...)))
	else
		skynet.ret(skynet.pack(nil))
	end
end

function cmd.EXIT()
	skynet.exit()
end

-- RUN(source, filename, ...): run Lua code inside this service; answers
-- (ok, everything it printed).
function cmd.RUN(source, filename, ...)
	local inject = require "skynet.inject"
	local ok, output = inject(skynet, source, filename, table.pack(...), internal)
	collectgarbage "collect"
	skynet.ret(skynet.pack(ok, table.concat(output, "\n")))
end

function cmd.TERM(service)
	skynet.term(service)
end

function cmd.SUPPORT(protocol)
	return skynet.ret(skynet.pack(skynet.dispatch(protocol) ~= nil))
end

function cmd.PING()
	return skynet.ret()
end

-- The caller waits until this service exits (the owed answer then fails).
function cmd.LINK()
	skynet.response()
end

function cmd.TRACELOG(proto, flag)
	if type(proto) ~= "string" then
		flag = proto
		proto = "lua"
	end
	skynet.error(string.format("Turn trace log %s for %s", flag, proto))
	if skynet.traceproto then
		skynet.traceproto(proto, flag)
	end
	skynet.ret()
end

skynet.register_protocol {
	name = "debug",
	id = skynet.PTYPE_DEBUG,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = function(session, address, name, ...)
		local f = cmd[name] or extra_commands[name]
		assert(f, name)
		f(...)
	end,
}
end

return {
	init = init,
	-- reg_debugcmd(name, f): answer debug command `name` with f(...).
	reg_debugcmd = function(name, fn)
		extra_commands[name] = fn
	end,
}
