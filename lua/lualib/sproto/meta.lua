-- sproto.meta: the schema of schemas. A schema binary (what sprotoparser writes and
-- sproto.new reads) is a sproto message of type `group` below, so these four
-- types, written out by hand, are all it takes to read any schema.
--
--   .field    { name 0 : string   buildin 1 : integer  type 2 : integer  tag 3 : integer
--               array 4 : boolean key 5 : integer      map 6 : boolean }
--   .type     { name 0 : string   fields 1 : *field }
--   .protocol { name 0 : string   tag 1 : integer  request 2 : integer
--               response 3 : integer  confirm 4 : boolean }
--   .group    { type 0 : *type    protocol 1 : *protocol }
--
-- buildin: 0 integer, 1 boolean, 2 string, 3 double; absent for a struct, whose
-- type id (its index in group.type, from 0) is then in `type`. For an integer,
-- `type` is n in integer(n); for a string, 1 means binary. `key` is the tag of
-- the field that keys an array; `map` says the array is a two-field map.
local meta = {}

local function struct(name, fields)
	local t = { name = name, fields = fields, by_tag = {} }
	for _, f in ipairs(fields) do t.by_tag[f.tag] = f end
	return t
end

local function f(name, tag, kind, extra)
	local field = { name = name, tag = tag, kind = kind }
	for k, v in pairs(extra or {}) do field[k] = v end
	return field
end

meta.field = struct("field", {
	f("name", 0, "string"), f("buildin", 1, "integer"), f("type", 2, "integer"),
	f("tag", 3, "integer"), f("array", 4, "boolean"), f("key", 5, "integer"), f("map", 6, "boolean"),
})
meta.type = struct("type", { f("name", 0, "string"), f("fields", 1, "struct", { array = true, st = meta.field }) })
meta.protocol = struct("protocol", {
	f("name", 0, "string"), f("tag", 1, "integer"), f("request", 2, "integer"),
	f("response", 3, "integer"), f("confirm", 4, "boolean"),
})
meta.group = struct("group", {
	f("type", 0, "struct", { array = true, st = meta.type }),
	f("protocol", 1, "struct", { array = true, st = meta.protocol }),
})

return meta
