-- skynet.protocol: message protocols (register_protocol, dispatch) and addresses (self, address, localname, harbor).
return function(skynet, internal)
local c = internal.c
local proto = internal.proto
local self_handle = c.self()

function skynet.register_protocol(class)
	local name, id = class.name, class.id
	assert(type(name) == "string" and math.type(id) == "integer" and id >= 0 and id <= 255,
		"register_protocol: want a name and an integer id from 0 to 255")
	assert(proto[name] == nil and proto[id] == nil,
		"register_protocol: protocol " .. name .. " (" .. id .. ") is already registered")
	proto[name] = class
	proto[id] = class
end

function skynet.dispatch(typename, func)
	local p = proto[typename]
	if func then
		assert(p, "dispatch: unknown protocol " .. tostring(typename))
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

function skynet.self()
	return self_handle
end

-- The harbor (node id, the address's top byte) of addr, and whether it is
-- another node's. skyglass runs one node: harbor 0, never remote.
-- -> the address's harbor, and whether that is another node (ours is 0)
function skynet.harbor(addr)
	local harbor = addr >> 24
	return harbor, harbor ~= 0
end

function skynet.localname(name)
	return c.addresscommand("QUERY", name)
end

-- true: every request of this protocol is traced; false: never; nil: only
-- when skynet.trace() is called.
function skynet.traceproto(prototype, flag)
	local p = assert(proto[prototype], "traceproto: unknown protocol " .. tostring(prototype))
	p.trace = flag
end
end
