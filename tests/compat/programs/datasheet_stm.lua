-- datasheet_stm: skynet.datasheet (builder new/update, query from another service, the object following an
-- update, pairs/ipairs/#, a write, a missing sheet) and skynet.stm (new/copy/newcopy, a reader seeing updates
-- only when they change, a released writer) with skynet.sharemap (sproto-typed writer and reader).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

local function sorted_pairs(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = tostring(k) end
	table.sort(keys)
	return table.concat(keys, ",")
end

if mode == "reader" then
	local datasheet = require "skynet.datasheet"
	local stm = require "skynet.stm"
	local sharemap = require "skynet.sharemap"
	local cfg, stmobj, map
	local CMD = {}
	function CMD.first()
		cfg = datasheet.query("cfg")
		skynet.error("reader cfg", cfg.name, cfg.level, #cfg.list, cfg.list[2], cfg.nested.deep.x, cfg.missing)
		local items = {}
		for i, v in ipairs(cfg.list) do items[#items + 1] = i .. "=" .. v end
		skynet.error("reader ipairs", table.concat(items, " "), "keys", sorted_pairs(cfg))
		skynet.error("reader same object", datasheet.query("cfg") == cfg, type(cfg), type(cfg.nested))
		skynet.error("reader write", pcall(function() cfg.name = "x" end))
		skynet.error("reader nosuch", pcall(datasheet.query, "nosuch"))
		return true
	end
	function CMD.after_update(level)
		-- the object follows the update when the monitor's answer has arrived: wait for it (bounded)
		for _ = 1, 500 do
			if cfg.level == level then break end
			skynet.sleep(1)
		end
		skynet.error("reader updated cfg", cfg.name, cfg.level, #cfg.list, cfg.list[4], cfg.nested.deep.x, cfg.added)
		return true
	end
	function CMD.stm(copy)
		stmobj = stm.newcopy(copy)
		local ok, v = stmobj(function(msg, sz) return skynet.unpack(msg, sz) end)
		skynet.error("reader stm first", ok, v.hp, v.name)
		local again = table.pack(stmobj(function(msg, sz) return skynet.unpack(msg, sz) end))
		skynet.error("reader stm unchanged", again.n, again[1])
		return true
	end
	function CMD.stm_changed()
		local ok, v = stmobj(function(msg, sz) return skynet.unpack(msg, sz) end)
		skynet.error("reader stm changed", ok, v and v.hp, v and v.name)
		return true
	end
	function CMD.map(copy)
		map = sharemap.reader("player", copy)
		skynet.error("reader map", map.name, map.hp, map.pos and map.pos.x, map.missing)
		skynet.error("reader map write", pcall(function() map.hp = 1 end))
		return true
	end
	function CMD.map_changed()
		local changed = map:update()
		skynet.error("reader map update", changed, map.name, map.hp, map.pos and map.pos.y)
		return true
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			skynet.retpack(CMD[cmd](...))
		end)
	end)
	return
end

skynet.start(function()
	local builder = require "skynet.datasheet.builder"
	local stm = require "skynet.stm"
	local sharemap = require "skynet.sharemap"
	builder.new("cfg", { name = "world", level = 1, list = { 10, 20, 30 }, nested = { deep = { x = "y" } } })
	skynet.error("builder new twice", pcall(builder.new, "cfg", {}))
	skynet.error("builder update unknown", pcall(builder.update, "nosuch", {}))
	local reader = skynet.newservice(SERVICE_NAME, "reader")
	skynet.call(reader, "lua", "first")
	builder.update("cfg", { name = "world", level = 2, list = { 10, 20, 30, 40 }, nested = { deep = { x = "z" } },
		added = true })
	skynet.call(reader, "lua", "after_update", 2)

	local obj = stm.new(skynet.pack({ hp = 100, name = "hero" }))
	local copy = stm.copy(obj)
	skynet.error("stm copy type", type(copy))
	skynet.call(reader, "lua", "stm", copy)
	obj(skynet.pack({ hp = 90, name = "hurt" }))
	skynet.call(reader, "lua", "stm_changed")
	obj(skynet.pack({ hp = 80, name = "worse" }))
	obj(skynet.pack({ hp = 70, name = "last" }))
	skynet.call(reader, "lua", "stm_changed")
	skynet.call(reader, "lua", "stm_changed")

	-- sharemap.register reads a .sproto file; the slot it uses (0) is filled here from text instead
	require("sprotoloader").save(require("sprotoparser").parse [[
.pos { x 0 : integer  y 1 : integer }
.player { name 0 : string  hp 1 : integer  pos 2 : pos }
]])
	local w = sharemap.writer("player", { name = "p1", hp = 5, pos = { x = 1, y = 2 } })
	skynet.call(reader, "lua", "map", w:copy())
	w.hp = 6
	w.pos = { x = 3, y = 4 }
	skynet.call(reader, "lua", "map_changed") -- not committed yet
	w:commit()
	skynet.call(reader, "lua", "map_changed")
	skynet.error("writer reads back", w.name, w.hp, w.pos.x)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
