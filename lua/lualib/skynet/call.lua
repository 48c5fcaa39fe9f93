-- skynet.call: sending and calling (skynet.send, rawsend, call, rawcall, redirect), out of skynet.lua.
--
-- A call sends a request on a new session and parks the calling task on it
-- (yield_call in skynet.lua) until the RESPONSE or ERROR comes back.

return function(skynet, internal)
local c = internal.c
local proto = internal.proto
local running = internal.running
local tracetag = internal.tracetag
local watching_session = internal.watching_session
local invalid_address = internal.invalid_address -- likewise
local refuse_address = internal.refuse_address -- likewise
local call_failed = internal.call_failed -- likewise
local tracing = internal.tracing
local session_id_coroutine = internal.session_id_coroutine
local co_id, trace_co_call = internal.co_id, c.trace_co_call
local coroutine_yield = coroutine.yield
local PTYPE_TRACE = skynet.PTYPE_TRACE
local c_send, c_send_integer = c.send, c.send_integer
local c_pack, c_send_packed = c.pack, c.send_packed
-- the call's send, record and park in one C call, its co.suspend too when
-- traced (lua/call_park.cpp)
local call_park, reserve_sessions = internal.call_park, internal.reserve_sessions
local math_type = math.type
local c_trace = c.trace -- skynet.tracelog (lua/trace_line.cpp)

-- An unregistered protocol: skynet's send/call index a nil `p`, and that
-- Lua error, at skynet.lua's position, is what its callers see; so ours.
local function check_proto(typename)
	local p = proto[typename]
	if p == nil then
		internal.index_missing_proto(typename) -- raises skynet's "(local 'p')"
	end
	return p
end

-- A protocol registered without pack or unpack: skynet's send and call
-- call the nil field in its skynet.lua, so these raise that error there
-- (skynet/raise_here.lua): "attempt to call a nil value (field 'pack')".

-- A message to a global name nobody has registered yet waits for it, as
-- skynet's harbor holds it: cdummy (.cslave) keeps it and passes it on, from
-- us and with our session, when the name is registered.
local function send_or_hold(addr, ptype, session, msg, sz)
	local kind = type(addr)
	if kind ~= "string" then
		if kind ~= "number" or math_type(addr) ~= "integer" or addr == 0 then
			-- skynet's c.send refuses these; ours too (it frees the message).
			-- Not a tail call: a traceback would show "(...tail calls...)".
			local refused = refuse_address(addr, ptype, session, msg, sz)
			return refused
		end
	else
		local first = addr:byte(1)
		-- not '.', ':', nor a handle written as a number ("8", "0x8": c.send
		-- reads it as skynet's lua_tointeger does)
		local handle = first ~= 46 and first ~= 58 and math.tointeger(tonumber(addr))
		if first ~= 46 and first ~= 58 and (handle or 0) == 0 and c.addresscommand("QUERY", addr) == nil then
			session = session or c.genid()
			if type(msg) == "userdata" then
				local text = c.tostring(msg, sz)
				c.trash(msg, sz)
				msg = text
			end
			c.send(".cslave", skynet.PTYPE_LUA, 0, c.pack("HOLD", addr, ptype, session, msg or ""))
			return session
		end
	end
	return c.send(addr, ptype, session, msg, sz)
end

-- A numeric address never waits for a name: straight to c.send, one Lua call
-- fewer per send: one-way send 8,627 -> 8,228 instructions (callgrind).
-- (Not c.send_integer as skynet.call: a send to a gone service returns no
-- value at all, as skynet's, where a local would return one nil.)
function skynet.send(addr, typename, ...)
	local p = proto[typename] or check_proto(typename)
	-- skynet.pack's protocol to a handle, values that cannot fail to pack:
	-- packed and sent in one C call, no malloc for a small body
	-- (lua/send_packed.cpp); false: nothing done, the general path below
	if p.pack == c_pack then
		local session = c_send_packed(addr, p.id, ...)
		if session then return session end
		if session == nil then return end -- no such service: no value, as c.send
	end
	if p.pack == nil then
		require("skynet.raise_here").no_pack(...)
	end
	-- p.pack called as a field, as skynet's: a refusal's traceback names the
	-- C pack `field 'pack'`
	if math_type(addr) == "integer" and addr ~= 0 then
		return c_send(addr, p.id, 0, p.pack(...))
	elseif type(addr) ~= "string" then
		-- not a tail call, so the refusal's traceback has no "(...tail calls...)"
		local session = refuse_address(addr, p.id, 0, p.pack(...))
		return session
	end
	return send_or_hold(addr, p.id, 0, p.pack(...))
end

-- A traced task tells the callee which trace the next request belongs to.
local function trace_call(addr, tag)
	c_trace(tag, "call", 3) -- 1: here, 2: skynet.call, 3: its caller
	c.send(addr, PTYPE_TRACE, 0, tag)
end

function skynet.call(addr, typename, ...)
	local p = proto[typename] or check_proto(typename)
	local co = running.thread
	local tag = tracetag[co]
	if tag then
		trace_call(addr, tag)
	end
	if p.pack == nil then
		require("skynet.raise_here").no_pack(...)
	end
	local msg, sz = p.pack(...)
	-- sent, recorded (and traced) and parked in C; 0: not sent (a name, 0,
	-- another type), so the path below decides. The unpack is read before
	-- the wait, as skynet's p.unpack(yield_call(...)) reads it; call_park
	-- looks at it too (an answer's inlined bytes, lua/call_park.cpp).
	local unpack = p.unpack or require("skynet.raise_here").no_unpack
	local succ, answer, answer_sz = call_park(addr, p.id, msg, sz, co, unpack)
	if succ == true then
		-- a field call, as skynet's: a refusal names `field 'unpack'`
		if unpack == p.unpack then return p.unpack(answer, answer_sz) end
		return unpack(answer, answer_sz)
	end
	if succ == false then call_failed() end
	if succ == nil then invalid_address(addr) end
	-- the address tested in the send's C call (false: not sent, a name or a bad address)
	local session = c_send_integer(addr, p.id, nil, msg, sz)
	local named = session == false -- (or a bad address, raised below)
	if named then
		session = send_or_hold(addr, p.id, nil, msg, sz)
	end
	if session == nil then
		invalid_address(addr)
	end
	-- a name, or traced: yield_call and suspend_session inlined, two Lua calls
	-- fewer per call.
	-- Traced, their co.suspend too (why "call", the callee's number; the
	-- watched session makes its co.resume "response"): a traced call
	-- 22,731 -> 20,107 instructions with the C steps (docs/benchmarks.md
	-- "trace on the C steps").
	reserve_sessions(session) -- as call_park's: no rehash a call at a power of two waiting
	watching_session[session] = addr
	session_id_coroutine[session] = co
	if tracing then
		trace_co_call(co_id[co], session,
			named and type(addr) == "string" and (c.addresscommand("QUERY", addr) or 0) or addr)
	end
	local succ
	succ, msg, sz = coroutine_yield "SUSPEND"
	watching_session[session] = nil
	if not succ then
		call_failed()
	end
	if unpack == p.unpack then return p.unpack(msg, sz) end
	return unpack(msg, sz)
end

-- skynet.rawsend, rawcall and redirect load on first use (skynet/call_raw.lua).
internal.check_proto, internal.send_or_hold, internal.trace_call = check_proto, send_or_hold, trace_call
end
