-- sproto_schemas: sprotoparser on schemas a user gets wrong (syntax errors with their line, a type or field
-- or tag defined twice, unknown types, bad map keys, a nested type redefined, numbers too big for the
-- schema binary, protocols without types; comments and odd spacing that are fine), and what sproto.parse
-- gives for a good one (exist_type, exist_proto, queryproto's name and tag, default). The log carries
-- the parser's messages, which a user reads when a schema is wrong. Left out: two protocols with one tag
-- (skynet names the one its pairs loop meets second, which varies from run to run).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sproto = require "sproto"
local parser = require "sprotoparser"

-- Each schema is parsed under pcall; a good one logs its binary's length, a bad one the message.
local function parse(what, text, name)
	local ok, r = pcall(parser.parse, text, name)
	if ok then
		skynet.error(what, "ok", type(r), #r)
	else
		skynet.error(what, "error", r)
	end
end

local schemas = {
	{ "empty", "" },
	{ "only comment", "# nothing here\n" },
	{ "one type", ".P { name 0 : string }" },
	{ "odd spacing", "\n\n  .P{name 0:string\n id 1 :integer}\n# end" },
	{ "missing brace", ".P { name 0 : string" },
	{ "syntax line 3", ".A { x 0 : integer }\n\n.B { y 0 integer }" },
	{ "bad word", "hello world" },
	{ "type twice", ".A { x 0 : integer }\n.A { y 0 : integer }" },
	{ "field twice", ".A { x 0 : integer\n x 1 : string }" },
	{ "tag twice", ".A { x 0 : integer\n y 0 : string }" },
	{ "unknown field type", ".A { x 0 : nosuch }" },
	{ "unknown array type", ".A { x 0 : *nosuch }" },
	{ "nested", ".A { .B { v 0 : integer } b 0 : B list 1 : *B }" },
	{ "nested redefined", ".A { .B { v 0 : integer } .B { w 0 : integer } }" },
	{ "nested name twice", ".B { z 0 : boolean }\n.A { .B { v 0 : integer } b 0 : B }" },
	{ "map", ".Item { id 0 : integer name 1 : string }\n.Bag { items 0 : *Item(id) }" },
	{ "map bad key", ".Item { id 0 : integer name 1 : string }\n.Bag { items 0 : *Item(nokey) }" },
	{ "map key of table", ".In { v 0 : integer }\n.Item { id 0 : In }\n.Bag { items 0 : *Item(id) }" },
	{ "two field map", ".KV { k 0 : string v 1 : integer }\n.M { m 0 : *KV() }" },
	{ "three field map", ".KV { k 0 : string v 1 : integer w 2 : integer }\n.M { m 0 : *KV() }" },
	{ "decimal", ".A { money 0 : integer(2) }" },
	{ "binary and double", ".A { b 0 : binary d 1 : double }" },
	{ "protocol", "login 1 { request { name 0 : string } response { ok 0 : boolean } }" },
	{ "protocol name twice", "a 1 { }\na 2 { }" },
	{ "protocol unknown request", "a 1 { request Nope }" },
	{ "protocol unknown response", "a 1 { response Nope }" },
	{ "protocol named request", ".R { v 0 : integer }\na 1 { request R response R }" },
	{ "protocol request twice", ".R { v 0 : integer }\na 1 { request R request R }" },
	{ "protocol response nil", "a 1 { response nil }" },
	{ "tag too big", ".A { x 70000 : integer }" },
	{ "tag 32766", ".A { x 32766 : integer }" },
	{ "tag 32767", ".A { x 32767 : integer }" },
	{ "decimal too big", ".A { x 0 : integer(40000) }" },
	{ "protocol tag too big", ".A { x 0 : integer }\nbig 40000 {}" },
	{ "key on a plain field", ".A { x 0 : string(3) }" },
	{ "protocols only", "a 1 { }" },
	{ "negative tag", ".A { x -1 : integer }" },
	{ "keyword as name", ".A { request 0 : integer }" },
}

skynet.start(function()
	for _, s in ipairs(schemas) do
		parse(s[1], s[2])
	end
	-- The name given to parse shows in a syntax error's message.
	parse("named file", ".A { x 0 integer }", "game.sproto")

	-- A good schema through sproto.parse, and what the object answers.
	local sp = sproto.parse [[
.Person {
	name 0 : string
	age 1 : integer
	tags 2 : *string
	.Phone { number 0 : string kind 1 : integer }
	phones 3 : *Phone
	ratio 4 : double
	alive 5 : boolean
}
ping 1 { request { v 0 : integer } response { v 0 : integer } }
hello 2 { request Person }
bye 3 { response nil }
shout 4 {}
]]
	skynet.error("exist Person", sp:exist_type "Person", "Person.Phone", sp:exist_type "Person.Phone",
		"Nope", sp:exist_type "Nope")
	for _, name in ipairs { "ping", "hello", "bye", "shout", "nosuch" } do
		local p = sp:exist_proto(name)
		skynet.error("exist_proto", name, p)
	end
	for _, key in ipairs { "ping", 1, "hello", 2, "bye", 3, "shout", 4, "nosuch", 99 } do
		local ok, p = pcall(sp.queryproto, sp, key)
		if ok and p then
			skynet.error("queryproto", key, p.name, p.tag)
		else
			skynet.error("queryproto", key, ok, p)
		end
	end
	local ok, d = pcall(sp.default, sp, "Person")
	if ok then
		local keys = {}
		for k, v in pairs(d) do keys[#keys + 1] = k .. "=" .. tostring(v) end
		table.sort(keys)
		skynet.error("default Person", table.concat(keys, " "), getmetatable(d) ~= nil)
	else
		skynet.error("default Person", d)
	end
	skynet.error("default nosuch", pcall(sp.default, sp, "Nosuch"))
	skynet.error("default ping request", pcall(function()
		local t = sp:default("ping", "REQUEST")
		return t.v, next(t)
	end))
	skynet.error("sproto.parse bad", pcall(sproto.parse, ".A { x 0 : nosuch }"))
	skynet.sleep(10)
	skynet.abort()
end)
