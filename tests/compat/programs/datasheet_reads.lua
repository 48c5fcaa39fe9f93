-- datasheet_reads: reading a skynet.datasheet sheet in another service the ways a program reads a config:
-- nested fields, arrays with # and ipairs, pairs (sorted here), next, rawget, type, a missing key, string keys
-- that look like numbers, booleans, empty tables; then builder.update adding, changing and removing top-level
-- keys, seen on the root the reader kept. First, the sheets the format refuses (keys outside the array part,
-- values of other types).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local function show(v)
	if type(v) ~= "table" then return tostring(v) end
	local keys = {}
	for k in pairs(v) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local parts = {}
	for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
	return "{" .. table.concat(parts, ",") .. "}"
end

if ... == "reader" then
	local datasheet = require "skynet.datasheet"
	local cfg
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, version)
			if cmd == "read" then
				cfg = datasheet.query("cfg")
				skynet.error("type", type(cfg), "same object", datasheet.query("cfg") == cfg)
				skynet.error("name", cfg.name, "level", cfg.level, "on", cfg.on, "off", cfg.off, "missing", cfg.missing)
				skynet.error("list #", #cfg.list, "ipairs", table.concat((function()
					local t = {}
					for i, v in ipairs(cfg.list) do t[i] = tostring(v) end
					return t
				end)(), ","))
				skynet.error("nested", cfg.hero.stats.hp, cfg.hero.skills[2], #cfg.hero.skills)
				skynet.error("all", show(cfg))
				skynet.error("rawget", rawget(cfg, "name"), "next", next(cfg.empty), "empty #", #cfg.empty)
				skynet.error("numeric string key", cfg.codes["10"], cfg.codes[10], cfg.codes[1])
			elseif cmd == "after" then
				-- the update reaches this service when its monitor's answer comes: wait for it (bounded)
				for _ = 1, 200 do
					if cfg.version == version then break end
					skynet.sleep(1)
				end
				skynet.error("after update", cfg.version, cfg.name, cfg.level, cfg.added, cfg.list and #cfg.list)
				skynet.error("all", show(cfg))
			end
			skynet.ret(skynet.pack(true))
		end)
	end)
	return
end

skynet.start(function()
	local builder = require "skynet.datasheet.builder"
	-- what the sheet format refuses (skynet's dump): keys outside the array part, values of other types
	for _, case in ipairs {
		{ "integer key past the array", { list = { 1, 2 }, codes = { [10] = "ten" } } },
		{ "key 0", { [0] = "zero" } },
		{ "float key", { [1.5] = "x" } },
		{ "boolean key", { [true] = "x" } },
		{ "function value", { f = print } },
		{ "nested bad value", { a = { b = { c = coroutine.create(print) } } } },
		{ "array after a hole", { 1, nil, 3 } },
	} do
		local ok, err = pcall(builder.new, "bad", case[2])
		skynet.error(case[1], ok, (tostring(err):gsub("0x%x+", "PTR")))
	end
	local ok, err = pcall(builder.compile, { [5] = 1 })
	skynet.error("compile", ok, err)
	builder.new("cfg", {
		version = 1, name = "conf", level = 3, on = true, off = false,
		list = { 10, 20, 30, "forty" },
		hero = { stats = { hp = 100, mp = 5 }, skills = { "slash", "block" } },
		empty = {},
		codes = { ["10"] = "ten as text", "one" },
	})
	local reader = skynet.newservice(SERVICE_NAME, "reader")
	skynet.call(reader, "lua", "read")
	builder.update("cfg", { version = 2, name = "conf2", added = "new", list = { 1 }, hero = { stats = { hp = 1 } } })
	skynet.call(reader, "lua", "after", 2)
	skynet.sleep(10)
	skynet.abort()
end)
