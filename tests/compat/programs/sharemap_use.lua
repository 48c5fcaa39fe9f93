-- sharemap_use: skynet.sharemap as a program uses it between two services: a writer's fields read and
-- written through, commits seen by a reader's update (what update returns: changed, the data, its size),
-- an update with nothing new, arrays and nested structs in the type, fields set to nil, a writer made
-- from a table, a second reader, and a write to a reader.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharemap = require "skynet.sharemap"

local function show(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys)
	local parts = {}
	for _, k in ipairs(keys) do
		local v = t[k]
		if type(v) == "table" then v = show(v) end
		parts[#parts + 1] = k .. "=" .. tostring(v)
	end
	return "{" .. table.concat(parts, ",") .. "}"
end

local function try(what, ok, ...)
	local r = table.pack(ok, ...)
	for i = 1, r.n do
		if type(r[i]) == "table" then r[i] = show(r[i]) end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local mode = ...
if mode == "reader" then
	local CMD = {}
	local readers = {}
	function CMD.bind(name, ref)
		readers[name] = sharemap.reader("player", ref)
		local r = readers[name]
		skynet.error("bound", name, r.name, r.hp, r.items and #r.items)
	end
	function CMD.update(name)
		local r = readers[name]
		try("update " .. name, r:update())
		skynet.error("fields", r.name, r.hp, r.pos and r.pos.x, r.items and #r.items, r.alive)
	end
	function CMD.write(name)
		local r = readers[name]
		try("write", pcall(function() r.hp = 1 end))
		try("write number key", pcall(function() r[1] = 1 end))
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			CMD[cmd](...)
			skynet.ret(skynet.pack(true))
		end)
	end)
	return
end

skynet.start(function()
	require("sprotoloader").save(require("sprotoparser").parse [[
.pos { x 0 : integer  y 1 : integer }
.player { name 0 : string  hp 1 : integer  pos 2 : pos  items 3 : *integer  alive 4 : boolean  ratio 5 : double }
]], 0)
	local w = sharemap.writer("player", { name = "ann", hp = 10 })
	skynet.error("writer reads", w.name, w.hp, w.pos)
	local reader = skynet.newservice(SERVICE_NAME, "reader")
	skynet.call(reader, "lua", "bind", "first", w:copy())
	skynet.call(reader, "lua", "update", "first")
	w.hp = 20
	w.pos = { x = 3, y = 4 }
	w.items = { 7, 8, 9 }
	w.alive = true
	skynet.call(reader, "lua", "update", "first")
	w:commit()
	skynet.call(reader, "lua", "update", "first")
	skynet.call(reader, "lua", "update", "first")
	w.items = nil
	w.alive = false
	w.name = nil
	w:commit()
	skynet.call(reader, "lua", "bind", "second", w:copy())
	skynet.call(reader, "lua", "update", "first")
	skynet.call(reader, "lua", "update", "second")
	w:commit()
	w:commit()
	skynet.call(reader, "lua", "update", "second")
	skynet.call(reader, "lua", "write", "first")
	try("writer bad field", pcall(function() w.hp = "x"; w:commit() end))
	w.hp = 5
	local fields = {}
	for k, v in pairs(sharemap) do fields[#fields + 1] = k .. ":" .. type(v) end
	table.sort(fields)
	skynet.error("module fields", table.concat(fields, " "))
	sharemap.commit(w)
	local empty = sharemap.writer("player")
	skynet.error("empty writer", empty.name, empty.hp)
	skynet.sleep(10)
	skynet.abort()
end)
