-- config_reload: game configuration through sharetable.loadfile as servers reload it: a data file
-- written, loaded and queried by two services; the file rewritten and loaded again (an old reference
-- keeps the old data until sharetable.update swaps it, in a local, an upvalue and a table field);
-- a file taking arguments (`...`); queryall; a file that does not compile and one that returns a string.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharetable = require "skynet.sharetable"
local log = skynet.error

local dir = "/tmp/skyglass_compat_config_reload"

local function write(name, text)
	local f = assert(io.open(dir .. "_" .. name .. ".lua", "w"))
	f:write(text)
	f:close()
	return dir .. "_" .. name .. ".lua"
end

local function show(t)
	if t == nil then return "nil" end
	return string.format("%s atk=%s price=%s list=%s", t.name, t.sword and t.sword.atk, t.sword and t.sword.price,
		t.list and table.concat(t.list, ",") or "nil")
end

if ... == "reader" then
	local path = select(2, ...)
	local held -- an upvalue
	local box = {}
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "hold" then
				held = sharetable.query(path)
				box.t = held
				skynet.retpack(show(held))
			elseif cmd == "look" then
				skynet.retpack(show(held), show(box.t), held == box.t)
			elseif cmd == "update" then
				local before = held
				sharetable.update(path)
				skynet.retpack(show(held), show(box.t), held ~= before)
			end
		end)
	end)
	return
end

skynet.start(function()
	local items = write("items", [[
return { name = "v1", sword = { atk = 10, price = 100 }, list = { 1, 2, 3 } }
]])
	sharetable.loadfile(items)
	local mine = sharetable.query(items)
	log("main sees", show(mine))
	local reader = skynet.newservice(SERVICE_NAME, "reader", items)
	log("reader holds", skynet.call(reader, "lua", "hold"))
	write("items", [[
return { name = "v2", sword = { atk = 12, price = 90 }, list = { 4, 5 } }
]])
	sharetable.loadfile(items)
	log("main's old table", show(mine))
	log("main queries again", show(sharetable.query(items)))
	log("reader before update", skynet.call(reader, "lua", "look"))
	log("reader updates", skynet.call(reader, "lua", "update"))
	log("reader after update", skynet.call(reader, "lua", "look"))
	local local_ref = mine
	sharetable.update(items)
	log("main after update", show(mine), show(local_ref), mine == local_ref)
	local levels = write("levels", [[
local first, second = ...
return { name = "levels", sword = { atk = first, price = second }, list = { select("#", ...) } }
]])
	sharetable.loadfile(levels, 7, 8)
	log("with arguments", show(sharetable.query(levels)))
	local all = sharetable.queryall({ items, levels })
	local names = {}
	for k, v in pairs(all) do names[#names + 1] = (k == items and "items" or "levels") .. "=" .. v.name end
	table.sort(names)
	log("queryall", table.concat(names, " "))
	log("never loaded", sharetable.query(dir .. "_none.lua"))
	local text = write("text", [[return "just a string"]])
	log("string file", pcall(sharetable.loadfile, text))
	local broken = write("broken", "return { name = ")
	log("broken file", pcall(sharetable.loadfile, broken))
	log("missing file", pcall(sharetable.loadfile, dir .. "_missing.lua"))
	os.remove(broken)
	os.remove(text)
	os.remove(items)
	os.remove(levels)
	skynet.sleep(10)
	skynet.abort()
end)
