-- sproto: skynet's schema-based message format, with the API skynet code uses
-- (new, parse, encode/decode, pencode/pdecode, host, attach, dispatch, pack/unpack).
-- A schema binary (from sprotoparser) becomes plain Lua type tables here; the
-- bytes are written and read by sproto.wire, and packed by sproto.core (C++).
local core = require "sproto.core"
local wire = require "sproto.wire"
local meta = require "sproto.meta"

local sproto = {}
local host = {}
local sproto_mt = { __index = sproto }
local host_mt = { __index = host }

local kinds = { [0] = "integer", "boolean", "string", "double" }

-- Accepts a string, or a lightuserdata and its size (a message from netpack).
local function bytes_of(blob, size)
	if type(blob) == "string" then return blob end
	return core.tostring(blob, size)
end

-- Schema binary -> { types = { [name] = type }, protocols = { [name|tag] = proto } }
local function load(bin)
	local ok, group = pcall(wire.decode, meta.group, bin)
	if not ok then error("sproto.new: not a schema binary (" .. group .. ")", 3) end
	local list = {}
	for i, t in ipairs(group.type or {}) do
		list[i - 1] = { name = t.name, fields = {}, by_tag = {}, raw = t }
	end
	local types = {}
	for id = 0, #(group.type or {}) - 1 do
		local t = list[id]
		for _, f in ipairs(t.raw.fields or {}) do
			local field = { name = f.name, tag = f.tag, array = f.array or false, map = f.map or false }
			if f.buildin then
				field.kind = kinds[f.buildin] or error("sproto.new: field " .. f.name .. " has an unknown type " .. f.buildin, 3)
				if field.kind == "integer" and f.type and f.type > 0 then field.decimal = 10 ^ f.type // 1 end
				if field.kind == "string" and f.type == 1 then field.binary = true end
			else
				field.kind = "struct"
				field.st = list[f.type] or error("sproto.new: field " .. f.name .. " refers to type " .. tostring(f.type) .. ", which is absent", 3)
			end
			t.fields[#t.fields + 1] = field
			t.by_tag[f.tag] = field
		end
		t.raw = nil
		types[t.name] = t
	end
	-- The key of a keyed array is stored as a tag; sproto.wire wants its name.
	for id, raw in ipairs(group.type or {}) do
		local t = list[id - 1]
		for i, f in ipairs(raw.fields or {}) do
			if f.key then
				local field = t.fields[i]
				local keyfield = field.st and field.st.by_tag[f.key]
				if not keyfield then error("sproto.new: " .. t.name .. "." .. f.name .. " is keyed by an absent tag", 3) end
				if not field.map then field.key = keyfield.name end
			end
		end
	end
	local protocols = {}
	for _, p in ipairs(group.protocol or {}) do
		local proto = { name = p.name, tag = p.tag, confirm = p.confirm,
			request = p.request and list[p.request], response = p.response and list[p.response] }
		protocols[p.name], protocols[p.tag] = proto, proto
	end
	return types, protocols
end

function sproto.new(bin)
	assert(type(bin) == "string", "sproto.new: the schema binary must be a string")
	local types, protocols = load(bin)
	return setmetatable({ __types = types, __protocols = protocols }, sproto_mt)
end

sproto.sharenew = sproto.new

function sproto.parse(text)
	local parser = require "sprotoparser"
	return sproto.new(parser.parse(text))
end

-- Misses fail in skynet's words, positioned here as its asserts are.
local function querytype(self, typename)
	return self.__types[typename] or error("type not found")
end

local function queryproto(self, pname)
	return self.__protocols[pname] or self.__protocols[tonumber(pname)]
		or error(pname .. " not found")
end

function sproto:exist_type(typename)
	return self.__types[typename] ~= nil
end

function sproto:exist_proto(name)
	return self.__protocols[name] ~= nil
end

function sproto:queryproto(name)
	return queryproto(self, name)
end

-- Not tail calls: sproto.wire's errors are positioned at the first frame
-- outside it, which must be this file's, as skynet's C raises them here.
function sproto:encode(typename, t)
	local s = wire.encode(querytype(self, typename), t)
	return s
end

-- Returns the table and how many bytes the struct took. As skynet's, a table
-- after the bytes (decode(type, s, t) or decode(type, ptr, size, t)) is filled
-- and returned instead of a new one (skynet.sharemap decodes into its reader).
function sproto:decode(typename, blob, size, into)
	if type(size) == "table" then size, into = nil, size end
	local t, n = wire.decode(querytype(self, typename), bytes_of(blob, size), into)
	return t, n
end

function sproto:pencode(typename, t)
	return core.pack(wire.encode(querytype(self, typename), t))
end

function sproto:pdecode(typename, blob, size)
	local t, n = wire.decode(querytype(self, typename), core.unpack(bytes_of(blob, size)))
	return t, n
end

-- A `response nil` protocol answers with a header alone; skynet's C encoder
-- is handed a NULL type for it and refuses anything but nil, in these words.
local function nil_expected(args)
	error(string.format("bad argument #2 to 'encode' (nil expected, got %s)", type(args)), 2) -- positioned at its caller, in this file
end

function sproto:request_encode(name, t)
	local p = queryproto(self, name)
	return p.request and wire.encode(p.request, t) or "", p.tag
end

function sproto:response_encode(name, t)
	local p = queryproto(self, name)
	if p.response then
		return wire.encode(p.response, t)
	end
	if p.confirm and t ~= nil then nil_expected(t) end
	return ""
end

function sproto:request_decode(name, blob, size)
	local p = queryproto(self, name)
	if p.request then return (wire.decode(p.request, bytes_of(blob, size))), p.name end
	return nil, p.name
end

function sproto:response_decode(name, blob, size)
	local p = queryproto(self, name)
	if p.response then
		local t, n = wire.decode(p.response, bytes_of(blob, size))
		return t, n -- both, as skynet's core.decode gives them
	end
end

local defaults = { integer = 0, boolean = false, string = "", double = 0.0 }

-- One field's default, as skynet's sproto.default gives it: 0, false, "", 0.0
-- (0.0 for a decimal integer too); a struct is { __type = name }, or only its
-- name inside an array, and an array is { __array = its element's default }.
local function default_value(f, in_array)
	if f.kind == "struct" then
		if in_array then return f.st.name end
		return { __type = f.st.name }
	end
	if f.decimal then return 0.0 end
	return defaults[f.kind]
end

local function default_of(st)
	local t = {}
	for _, f in ipairs(st.fields) do
		if f.array then
			t[f.name] = { __array = default_value(f, true) }
		else
			t[f.name] = default_value(f, false)
		end
	end
	return t
end

function sproto:default(typename, which)
	if which == nil then return default_of(querytype(self, typename)) end
	local p = queryproto(self, typename)
	-- nothing (not nil) for a side the protocol lacks, as skynet's
	if which == "REQUEST" then
		if p.request then return default_of(p.request) end
		return
	end
	if which == "RESPONSE" then
		if p.response then return default_of(p.response) end
		return
	end
	error "Invalid type"
end

sproto.pack = core.pack
sproto.unpack = core.unpack

-- RPC. Every packet is a packed `package` header ({type, session, ud}) followed
-- by the request or response struct. A request carries `type` (the protocol
-- tag); a response has none and is matched to its request by `session`.

function sproto:host(packagename)
	packagename = packagename or "package"
	return setmetatable({
		__proto = self,
		__package = self.__types[packagename] or error("type package not found"),
		__session = {},
	}, host_mt)
end

-- The respond function of a request with a session. As skynet's, nil args
-- for a response with fields fail as indexing nil (`attempt to index a nil value`).
local function responder(self, p, session)
	local response, confirm = p.response, p.confirm
	return function(args, ud)
		local header = wire.encode(self.__package, { session = session, ud = ud })
		if response then return core.pack(header .. wire.encode(response, args)) end
		if confirm and args ~= nil then nil_expected(args) end
		return core.pack(header)
	end
end

-- host:dispatch(blob [, size]) ->
--   "REQUEST", name, args, response function (nil without a session), ud
--   "RESPONSE", session, args, ud
-- Truncated or garbage bytes raise an error naming what was wrong.
function host:dispatch(blob, size)
	local bin = core.unpack(bytes_of(blob, size))
	local header, used = wire.decode(self.__package, bin)
	local content = bin:sub(used + 1)
	if header.type then
		local p = queryproto(self.__proto, header.type)
		local args = p.request and (wire.decode(p.request, content)) or nil
		local respond = header.session and responder(self, p, header.session) or nil
		return "REQUEST", p.name, args, respond, header.ud
	end
	local session = header.session or error("session not found")
	local response = self.__session[session] or error("Unknown session")
	self.__session[session] = nil
	if response == true then return "RESPONSE", session, nil, header.ud end
	return "RESPONSE", session, (wire.decode(response, content)), header.ud
end

-- host:attach(sp) -> function(name, args, session, ud) that builds a request
-- packet with sp's protocols and remembers the session for its response.
function host:attach(sp)
	return function(name, args, session, ud)
		local p = queryproto(sp, name)
		local header = wire.encode(self.__package, { type = p.tag, session = session, ud = ud })
		if session then self.__session[session] = p.response or true end
		if p.request then return core.pack(header .. wire.encode(p.request, args)) end
		return core.pack(header)
	end
end

return sproto
