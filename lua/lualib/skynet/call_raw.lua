-- skynet.call_raw: sending and calling with a body already packed (skynet.rawsend, rawcall, redirect), loaded on first use (skynet/lazy.lua).
--
-- A plain service never calls these: kept out of skynet/call.lua, which
-- every service loads, they save ~18 K instructions of each create+kill
-- (bench_spawn, callgrind, with skynet.exit's move to skynet/exit.lua).
return function(skynet, internal)
local c = internal.c
local proto = internal.proto
local running = internal.running
local tracetag = internal.tracetag
local check_proto = internal.check_proto
local send_or_hold = internal.send_or_hold
local trace_call = internal.trace_call
local yield_call = internal.yield_call -- in skynet.lua: its error is positioned there
local assert_here = internal.assert_here -- likewise
local refuse_address = internal.refuse_address -- likewise
local refuse_redirect = internal.refuse_redirect -- likewise
local math_type = math.type

function skynet.rawsend(addr, typename, msg, sz)
	local p = check_proto(typename)
	if type(addr) ~= "string" and (math_type(addr) ~= "integer" or addr == 0) then
		-- not a tail call, so the refusal's traceback has no "(...tail calls...)"
		local session = refuse_address(addr, p.id, 0, msg, sz)
		return session
	end
	return send_or_hold(addr, p.id, 0, msg, sz)
end

function skynet.rawcall(addr, typename, msg, sz)
	local p = check_proto(typename)
	local tag = tracetag[running.thread]
	if tag then
		trace_call(addr, tag)
	end
	local session = send_or_hold(addr, p.id, nil, msg, sz)
	if session == nil then
		-- skynet's rawcall names no address, unlike skynet.call, and asserts
		-- (a traceback's top frame: "[C]: in upvalue 'assert'")
		assert_here(false, "call to invalid address")
	end
	return yield_call(addr, session)
end

-- Send as if from `source`; the body is passed through untouched (no pack),
-- and a (lightuserdata, size) body changes hands without a copy.
function skynet.redirect(dest, source, typename, ...)
	local p = proto[typename]
	if p == nil then
		-- skynet's indexes proto[typename].id, and Lua words that miss so
		internal.index_missing_proto_field(typename) -- raises skynet's "(field '?')"
	end
	if type(dest) ~= "string" and (math_type(dest) ~= "integer" or dest == 0) then
		-- refused by c.redirect, called from skynet.lua: skynet's position
		local session = refuse_redirect(dest, source, p.id, ...)
		return session
	end
	return c.redirect(dest, source, p.id, ...)
end
end
