-- sproto_slots: sprotoloader's global slots as agents share a schema: save in one service and load in
-- another, slots 0 and 15 and outside 0..15, a slot never saved, a slot saved twice (the later wins), save
-- of bytes that are not a schema, register of a file (missing, and present), load with no index, and
-- the loaded object's use (encode in one service, decode in the other).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sprotoloader = require "sprotoloader"
local sprotoparser = require "sprotoparser"
local mode = ...

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

if mode == "reader" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, slot, typename, blob)
			local ok, sp = pcall(sprotoloader.load, slot)
			if not ok then
				skynet.error("reader load", slot, sp)
				return skynet.ret(skynet.pack(false))
			end
			local t = sp:decode(typename, blob)
			local keys = {}
			for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. tostring(v) end
			table.sort(keys)
			skynet.error("reader decoded", slot, typename, table.concat(keys, " "))
			skynet.ret(skynet.pack(true))
		end)
	end)
	return
end

skynet.start(function()
	local v1 = sprotoparser.parse ".Hero { name 0 : string level 1 : integer }"
	local v2 = sprotoparser.parse ".Hero { name 0 : string level 1 : integer hp 2 : integer }"
	local reader = skynet.newservice(SERVICE_NAME, "reader")
	try("save 0", sprotoloader.save, v1, 0)
	try("save 15", sprotoloader.save, v1, 15)
	try("save 16", sprotoloader.save, v1, 16)
	try("save -1", sprotoloader.save, v1, -1)
	try("save no index", sprotoloader.save, v2)
	try("load 3 never saved", sprotoloader.load, 3)
	try("load 16", sprotoloader.load, 16)
	try("load no index", function() return sprotoloader.load():exist_type("Hero") end)
	try("save garbage", sprotoloader.save, "not a schema", 4)
	try("load after garbage", sprotoloader.load, 4)
	try("save a number", sprotoloader.save, 12, 5)
	try("register missing file", sprotoloader.register, "/nonexistent/game.sproto", 6)
	-- a schema file with a syntax error: the message names no file ([=text]), as skynet's register parses it
	local path = os.tmpname()
	local f = assert(io.open(path, "w"))
	f:write(".Hero { name 0 string }\n")
	f:close()
	try("register a bad file", sprotoloader.register, path, 6)
	os.remove(path)

	local sp = sprotoloader.load(15)
	local blob = sp:encode("Hero", { name = "ann", level = 3 })
	skynet.error("reader on 15", skynet.call(reader, "lua", 15, "Hero", blob))
	skynet.error("reader on 0", skynet.call(reader, "lua", 0, "Hero",
		sprotoloader.load(0):encode("Hero", { name = "bob", level = 9, hp = 70 })))
	try("save 15 again", sprotoloader.save, v2, 15)
	skynet.error("reader on 15 after", skynet.call(reader, "lua", 15, "Hero",
		sprotoloader.load(15):encode("Hero", { name = "cy", level = 1, hp = 5 })))
	skynet.error("old object still works", sp:decode("Hero", blob).name)
	skynet.error("reader on 7", skynet.call(reader, "lua", 7, "Hero", blob))
	skynet.sleep(10)
	skynet.abort()
end)
