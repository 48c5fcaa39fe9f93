-- skynet.trace: skynet's call-path tracing: a tag follows one request through the services it calls.
--
-- skynet.trace() gives the running task a tag ":<self>-<n>"; calls it makes
-- send the tag ahead (PTYPE_TRACE), so the callee's task carries it too. Each
-- step logs a line "<TRACE tag> <ns> <what> : <source:line>..." through
-- skynet.error, so it shows in the log and as a `log` event in our trace.
return function(skynet, internal)
local running = internal.running
local tracetag = internal.tracetag

-- tracelog(tag, what [, level | co [, level]]): one trace line; with a level,
-- up to three source:line pairs of the stack from that level. skynet.core's,
-- in C as skynet's: its argument checks read as skynet's (lua/trace_line.cpp).
skynet.tracelog = internal.c.trace

local trace_id = 0

-- Trace the running task from here (info is added to the first line). A
-- protocol traced "never" (traceproto false) stays untraced.
function skynet.trace(info)
	local co = running.thread
	skynet.error("TRACE", tracetag[co])
	if tracetag[co] == false then
		return
	end
	trace_id = trace_id + 1
	local tag = string.format(":%08x-%d", skynet.self(), trace_id)
	tracetag[co] = tag
	skynet.tracelog(tag, info and ("trace " .. info) or "trace")
end

function skynet.tracetag()
	return tracetag[running.thread]
end

-- tracecall(tag, addr, typename, msg, sz): a raw call traced under `tag`
-- whatever the running task's tag, between "tracecall begin" and "end" lines.
function skynet.tracecall(tag, addr, typename, msg, sz)
	skynet.tracelog(tag, "tracecall begin")
	internal.c.send(addr, skynet.PTYPE_TRACE, 0, tag)
	local p = internal.proto[typename]
	local session = internal.assert_here(internal.send_or_hold(addr, p.id, nil, msg, sz), "call to invalid address")
	local rmsg, rsz = internal.yield_call(addr, session)
	skynet.tracelog(tag, "tracecall end")
	return rmsg, rsz
end

-- trace_timeout(true): remember where each skynet.timeout was set, so that
-- skynet.task shows it ("TIMER <now>+<ticks> : <traceback>").
function skynet.trace_timeout(on)
	internal.timeout_traceback = on and (internal.timeout_traceback or setmetatable({}, { __mode = "k" })) or nil
end
end
