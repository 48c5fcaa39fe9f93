-- skynet.protocol: message protocols (register_protocol, dispatch) and addresses (self, address, localname, harbor).
return function(skynet, internal)
local c = internal.c
local proto = internal.proto
local self_handle = c.self()

-- Misuse fails as skynet's does, positioned in skynet.lua: a protocol
-- registered twice or a bad class is "assertion failed!", dispatch of an
-- unknown protocol indexes nil.
function skynet.register_protocol(class)
	local name, id = class.name, class.id
	internal.assert_here(proto[name] == nil and proto[id] == nil)
	internal.assert_here(type(name) == "string" and type(id) == "number" and id >= 0 and id <= 255)
	proto[name] = class
	proto[id] = class
end

function skynet.dispatch(typename, func)
	local p = proto[typename]
	if func then
		if p == nil then
			internal.index_missing_proto(typename) -- raises skynet's "(local 'p')"
		end
		local old = p.dispatch
		p.dispatch = func
		return old
	end
	return p and p.dispatch
end

function skynet.address(addr)
	if type(addr) == "number" then
		return string.format(":%08x", addr)
	end
	return tostring(addr)
end

-- A name that is not a string fails at skynet.lua's position, as skynet's
-- (skynet/raise_here.lua).
-- Only a local (".") name has an address here, as skynet's QUERY: a global
-- name gives nothing (harbor.queryname finds those).
function skynet.localname(name)
	if type(name) ~= "string" then
		return require("skynet.raise_here").localname(name)
	elseif string.byte(name) == 46 then
		return c.addresscommand("QUERY", name)
	end
end

function skynet.self()
	return self_handle
end

-- The harbor (node id, the address's top byte) of addr, and whether it is
-- another node's: neither ours nor 0 (skynet's skynet_isremote).
function skynet.harbor(addr)
	return c.harbor(addr) -- (C, at skynet.lua's position when it refuses addr)
end


-- true: every request of this protocol is traced; false: never; nil: only
-- when skynet.trace() is called.
-- A request of a protocol with no dispatch, or an answer nobody waits for:
-- skynet's words, raised at skynet.lua (error_here) as skynet's; a service
-- may put its own handler in place (the previous one is returned).
local unknown = internal.unknown
function unknown.request(session, address, msg, sz, prototype)
	c.error(string.format("Unknown request (%s): %s", prototype, c.tostring(msg, sz)))
	internal.error_here(string.format("Unknown session : %d from %x", session, address))
end
function unknown.response(session, address, msg, sz)
	c.error(string.format("Response message : %s", c.tostring(msg, sz)))
	internal.error_here(string.format("Unknown session : %d from %x", session, address))
end
function skynet.dispatch_unknown_request(handler)
	local prev = unknown.request
	unknown.request = handler
	return prev
end
function skynet.dispatch_unknown_response(handler)
	local prev = unknown.response
	unknown.response = handler
	return prev
end

function skynet.traceproto(prototype, flag)
	local p = internal.assert_here(proto[prototype]) -- skynet's bare assert, at skynet.lua
	p.trace = flag
end
end
