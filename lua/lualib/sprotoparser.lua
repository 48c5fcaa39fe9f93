-- sprotoparser: sproto's schema language -> the schema binary that sproto.new reads.
-- The grammar is an LPeg pattern (Debian's lua-lpeg). The binary is itself a
-- sproto message (a "group" of types and protocols, see sproto/meta.lua), so the
-- encoder that writes every message also writes the schema.
--
--   .Person {                  a type: fields `name tag : type`, nested types
--       name 0 : string
--       phone 1 : *Phone(number)   an array; (number) keys it by that field
--       .Phone { number 0 : string }
--   }
--   login 1 {                  a protocol: a tag, a request and a response type
--       request { user 0 : string }
--       response Person        (or `response nil`: confirmed, no content)
--   }
--
-- Errors are skynet's words, raised (positioned) from this file as skynet's
-- parser raises them: "syntax error at [file] line (7)", "redefine tag 1 in type
-- Person", "redefined Person". Only a syntax error names its line, as there.
local lpeg = require "lpeg"
local wire = require "sproto.wire"
local meta = require "sproto.meta"

local P, S, R, C, Ct, Cc, Cp, V = lpeg.P, lpeg.S, lpeg.R, lpeg.C, lpeg.Ct, lpeg.Cc, lpeg.Cp, lpeg.V

local parser = {}

-- The grammar. Every token records how far the match got (furthest), so that
-- a failed match can say on which line it stopped.
local furthest
local mark = lpeg.Cmt(P(true), function(_, pos)
	if pos > furthest then furthest = pos end
	return true
end)

local newline = P"\r\n" + P"\n"
local comment = P"#" * (1 - newline) ^ 0
local blank = (S" \t" + newline + comment) ^ 0 * mark
local alpha = R("az", "AZ") + P"_"
local word = alpha * (alpha + R"09") ^ 0
local name = C(word) * blank
local typename = C(word * (P"." * word) ^ 0) * blank
local tag = (R"09" ^ 1 / tonumber) * blank
local function sym(s) return P(s) * blank end

-- Each node is a table whose first field says what it is and whose `pos` says
-- where it starts.
local function node(kind, pattern)
	return Ct(Cc(kind) * Cp() * pattern) / function(t)
		t.kind, t.pos = t[1], t[2]
		table.remove(t, 1); table.remove(t, 1)
		return t
	end
end

local grammar = P {
	"schema",
	schema = blank * Ct((V"type" + V"protocol") ^ 0) * -1,
	-- name tag : [*]typename [(key)] ; the parenthesis holds a key name, empty for a map, or digits for integer(n)
	field = node("field", name * tag * sym":" * (C"*" * blank + Cc(false)) * typename
		* (sym"(" * C((R"09" ^ 1) + word ^ 0) * blank * sym")" + Cc(nil))),
	struct = sym"{" * Ct((V"field" + V"type") ^ 0) * sym"}",
	type = node("type", sym"." * name * V"struct"),
	sub = node("sub", C(P"request" + P"response") * blank * (V"struct" + typename)),
	protocol = node("protocol", name * tag * sym"{" * Ct(V"sub" ^ 0) * sym"}"),
}

local function line_of(text, pos)
	local line = 1
	for _ in text:sub(1, pos - 1):gmatch("\n") do line = line + 1 end
	return line
end

local buildin = { integer = 0, boolean = 1, string = 2, binary = 2, double = 3 }

-- AST -> { types = { [fullname] = { name, fields = {...}, pos } }, protocols = { [name] = {...} } }
local function collect(text, ast)
	local types, protocols = {}, {}
	local function at(_, fmt, ...)
		error(string.format(fmt, ...), 2)
	end
	local add_type
	function add_type(fullname, pos, body)
		if types[fullname] then at(pos, "redefined %s", fullname) end
		local t = { name = fullname, fields = {}, pos = pos }
		types[fullname] = t
		local names, tags = {}, {}
		for _, item in ipairs(body) do
			if item.kind == "type" then
				add_type(fullname .. "." .. item[1], item.pos, item[2])
			else
				local fname, ftag, star, ftype, paren = item[1], item[2], item[3], item[4], item[5]
				if names[fname] then at(item.pos, "redefine %s in type %s", fname, fullname) end
				if tags[ftag] then at(item.pos, "redefine tag %d in type %s", ftag, fullname) end
				names[fname], tags[ftag] = true, true
				local f = { name = fname, tag = ftag, array = star and true or nil, typename = ftype, pos = item.pos }
				if paren then
					if ftype == "integer" and paren:match("^%d+$") then
						f.decimal = tonumber(paren)
					elseif star then
						f.key = paren
					else
						-- skynet's parser asserts that such a field is an array
						assert(star)
					end
				end
				t.fields[#t.fields + 1] = f
			end
		end
		table.sort(t.fields, function(a, b) return a.tag < b.tag end)
	end
	for _, item in ipairs(ast) do
		if item.kind == "type" then
			add_type(item[1], item.pos, item[2])
		else
			local pname, ptag = item[1], item[2]
			if protocols[pname] then at(item.pos, "redefined %s", pname) end
			local p = { name = pname, tag = ptag, pos = item.pos }
			for _, sub in ipairs(item[3]) do
				local which, what = sub[1], sub[2]
				if p[which] ~= nil or (which == "response" and p.confirm) then
					at(sub.pos, "redefine %s in protocol %s", which, pname)
				end
				if type(what) == "table" then
					local fullname = pname .. "." .. which
					add_type(fullname, sub.pos, what)
					p[which] = fullname
				elseif what == "nil" then
					if which == "response" then p.confirm = true end
				else
					p[which] = what
				end
			end
			protocols[pname] = p
		end
	end
	return types, protocols
end

-- A field's type name is looked up from the innermost enclosing type outwards.
local function resolve(types, scope, name)
	if buildin[name] then return name end
	while scope do
		local full = scope .. "." .. name
		if types[full] then return full end
		scope = scope:match("^(.+)%.[^.]+$")
	end
	if types[name] then return name end
end

local function check(text, types, protocols)
	local function at(_, fmt, ...)
		error(string.format(fmt, ...), 2)
	end
	for tname, t in pairs(types) do
		for _, f in ipairs(t.fields) do
			local full = resolve(types, tname, f.typename)
			if not full then at(f.pos, "Undefined type %s in type %s", f.typename, tname) end
			f.typename = full
		end
	end
	local tags = {}
	for pname, p in pairs(protocols) do
		if tags[p.tag] then at(p.pos, "redefined protocol tag %d at %s", p.tag, pname) end
		tags[p.tag] = true
		for _, which in ipairs { "request", "response" } do
			if p[which] and not types[p[which]] then
				at(p.pos, "Undefined %s type %s in protocol %s", which, p[which], pname)
			end
		end
	end
end

-- The group message that sproto.new reads: types sorted by name (a type's id is
-- its index there, from 0), protocols by tag.
-- skynet's writer stores each of these numbers as (n + 1) * 2 in two bytes and
-- fails in string.pack past that; ours goes through sproto.wire, which would
-- take them, so the same refusal is raised here, from this file, as there.
local function small(n)
	if (n + 1) * 2 > 0xffff then string.pack("<I2", (n + 1) * 2) end
	return n
end

local function group(text, types, protocols)
	local names = {}
	for n in pairs(types) do names[#names + 1] = n end
	table.sort(names)
	local id = {}
	for i, n in ipairs(names) do id[n] = i - 1 end
	local g = {}
	-- skynet's writer asserts that a schema without types has no protocols either
	if #names == 0 then assert(next(protocols) == nil) return g end
	g.type = {}
	for i, tname in ipairs(names) do
		local t = types[tname]
		local out = { name = tname }
		if #t.fields > 0 then out.fields = {} end
		for j, f in ipairs(t.fields) do
			local entry = { name = f.name, tag = f.tag, array = f.array }
			if f.decimal then small(f.decimal) end
			if not buildin[f.typename] then small(id[f.typename]) end
			small(f.tag)
			if buildin[f.typename] then
				entry.buildin = buildin[f.typename]
				if f.typename == "binary" then entry.type = 1 end
				if f.decimal then entry.type = f.decimal end
			else
				entry.type = id[f.typename]
			end
			if f.key then
				local sub = types[f.typename]
				if not sub then
					error(string.format("Invalid map index :%s", f.key))
				end
				local keyfield
				if f.key == "" then
					if #sub.fields ~= 2 then
						error(string.format("Invalid map definition: %s, must only have two fields", f.name))
					end
					keyfield = sub.fields[1]
					entry.map = true
				else
					for _, sf in ipairs(sub.fields) do
						if sf.name == f.key then keyfield = sf end
					end
				end
				if not keyfield or not buildin[keyfield.typename] then
					error(string.format("Invalid map index :%s", f.key))
				end
				entry.key = small(keyfield.tag)
			end
			out.fields[j] = entry
		end
		g.type[i] = out
	end
	local plist = {}
	for _, p in pairs(protocols) do plist[#plist + 1] = p end
	table.sort(plist, function(a, b) return a.tag < b.tag end)
	if #plist > 0 then
		g.protocol = {}
		for i, p in ipairs(plist) do
			small(p.tag)
			g.protocol[i] = { name = p.name, tag = p.tag, request = p.request and id[p.request],
				response = p.response and id[p.response], confirm = (not p.response and p.confirm) or nil }
		end
	end
	return g
end

-- One protocol entry. Written by hand rather than by sproto.wire for one quirk
-- that skynet's parser has and that byte-identical output must keep: a protocol
-- with neither request nor response but `response nil` skips tags 2 and 3 with
-- two one-tag skips (01 00 01 00), where the encoder would write one (03 00).
local function encode_protocol(p)
	local slots = { 0, (p.tag + 1) * 2 }
	if p.request or p.response or p.confirm then
		slots[3] = p.request and (p.request + 1) * 2 or 1
		if p.response then
			slots[4] = (p.response + 1) * 2
		elseif p.confirm then
			slots[4], slots[5] = 1, 4
		end
	end
	return string.pack("<I2" .. string.rep("I2", #slots), #slots, table.unpack(slots)) .. string.pack("<s4", p.name)
end

-- The group message: its type array through sproto.wire, its protocols by hand.
local function encode_group(g)
	if not g.type then return "\0\0" end
	local types = {}
	for i, t in ipairs(g.type) do types[i] = string.pack("<s4", wire.encode(meta.type, t)) end
	local out = { g.protocol and "\2\0\0\0\0\0" or "\1\0\0\0", string.pack("<s4", table.concat(types)) }
	if g.protocol then
		local protos = {}
		for i, p in ipairs(g.protocol) do protos[i] = string.pack("<s4", encode_protocol(p)) end
		out[3] = string.pack("<s4", table.concat(protos))
	end
	return table.concat(out)
end

-- parser.parse(text [, filename]) -> schema binary
function parser.parse(text, filename)
	assert(type(text) == "string", "sprotoparser.parse: the schema must be a string")
	furthest = 1
	local ast = lpeg.match(grammar, text)
	if not ast then
		error(string.format("syntax error at [%s] line (%d)", filename or "=text", line_of(text, furthest)))
	end
	local types, protocols = collect(text, ast)
	check(text, types, protocols)
	return encode_group(group(text, types, protocols))
end

-- Prints a binary as hex, 16 bytes a line (sprotoparser.dump in skynet).
function parser.dump(bin)
	for i = 1, #bin, 16 do
		print((bin:sub(i, i + 15):gsub(".", function(c) return string.format("%02X ", c:byte()) end)))
	end
end

return parser
