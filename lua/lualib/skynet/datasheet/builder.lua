-- skynet.datasheet.builder: publishes named sheets (read-only tables) that any
-- service reads with skynet.datasheet.query, and updates them.
--
--   builder.new("items", { sword = { atk = 10 } })
--   builder.update("items", { sword = { atk = 12 } })  -- readers see it, no restart
--
-- A sheet is built once into the immutable C++ tree skynet.sharedata uses
-- (lua/sharedata_tree.h), outside every Lua heap; the `datasheet` service (made
-- here with skynet.service) keeps each sheet's newest version, links it from
-- the previous one, and tells the readers that wait for an update.
local skynet = require "skynet"
local service = require "skynet.service"
local tree = require "skynet.sharedata.core"

local builder = {}
local published = {}  -- name -> true, the sheets this service made
local address

-- What skynet's sheet format (its datasheet/dump.lua) refuses, refused here in
-- its words and at its position, before the sheet is built: a key that is
-- neither a string nor an integer of the array part (1..the ipairs length),
-- which fails `assertion failed!`, and a value that is not a table, number,
-- boolean or string (`Unsupport value X`). Compiled under that file's name.
local DUMP_CHECK = [[
local function dump_table(t)
	local array_n = 0
	local function encode(v)
		local tv = type(v)
		if tv == "table" then
			dump_table(v)
		elseif tv ~= "number" and tv ~= "boolean" and tv ~= "string" then
			error ("Unsupport value " .. tostring(v))
		end
	end
	for i, v in ipairs(t) do
		encode(v)
		array_n = i
	end
	for k, v in pairs(t) do
		if type(k) == "string" then
			encode(v)
		else
			local ik = math.tointeger(k)
			assert(ik and ik > 0 and ik <= array_n)
		end
	end
end
return function(t)
	dump_table(t)
end
]]
local dump_check = assert(load(DUMP_CHECK, (debug.getinfo(1, "S").source:gsub("builder%.lua$", "dump.lua"))))()

-- A table is checked as skynet's dump would read it (a tail call, as skynet's dumpsheet's).
local function check_sheet(v)
	if type(v) == "table" then
		return dump_check(v)
	end
end

-- A sheet is a table, or a string from builder.compile.
local function sheet_table(name, v)
	if type(v) == "string" then
		v = skynet.unpack(v)
	end
	if type(v) ~= "table" then
		error(string.format("datasheet.builder: sheet %s must be a table, got %s", tostring(name), type(v)), 3)
	end
	return v
end

function builder.new(name, v)
	assert(not published[name]) -- skynet's words: "assertion failed!" (use update)
	check_sheet(v)
	local object = tree.new(sheet_table(name, v))
	published[name] = true
	skynet.call(address, "lua", "update", name, object)
end

function builder.update(name, v)
	assert(published[name]) -- skynet's words: "assertion failed!" (use new)
	check_sheet(v)
	skynet.call(address, "lua", "update", name, tree.new(sheet_table(name, v)))
end

-- A sheet as a string, to keep or send, that new and update accept in place of the table.
function builder.compile(v)
	check_sheet(v)
	return skynet.packstring(sheet_table("(compile)", v))
end

-- The datasheet service. It runs in its own service (skynet.service), so it
-- captures nothing from this file.
local function datasheet_service()
	local skynet = require "skynet"
	local tree = require "skynet.sharedata.core"

	local sheets = {}  -- name -> { current = object, waiting = { response, ... } }
	-- lua_close collects this table when the service ends (killed, or the
	-- runtime shutting down): its references go, and a sheet no reader holds is freed.
	setmetatable(sheets, { __gc = function(all)
		for _, s in pairs(all) do tree.decref(s.current) end
	end })
	local command = {}

	-- From a builder: the sheet's first version, or a newer one.
	function command.update(name, object)
		local s = sheets[name]
		if not s then
			sheets[name] = { current = object, waiting = {} }  -- takes the builder's reference
		else
			-- Readers still on the old version keep the new one alive through the link.
			tree.supersede(s.current, object)
			tree.decref(s.current)
			s.current = object
			local waiting = s.waiting
			s.waiting = {}
			for _, response in ipairs(waiting) do
				response(true, object)  -- false for a reader that has exited: nothing to undo
			end
		end
		skynet.ret()
	end

	-- From a reader: the current version, with a reference taken for the reader.
	function command.query(name)
		local s = assert(sheets[name], "create data first") -- skynet's words
		tree.incref(s.current)
		skynet.retpack(s.current)
	end

	-- From a reader's monitor: answers when a version newer than `object` exists.
	function command.monitor(name, object)
		local s = assert(sheets[name], "Invalid data handle")
		if s.current ~= object then
			skynet.retpack(s.current)
		else
			s.waiting[#s.waiting + 1] = skynet.response()
		end
	end

	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = command[cmd]
		if not f then
			error("datasheet: unknown command " .. tostring(cmd))
		end
		f(...)
	end)

	skynet.info_func(function()
		local info = {}
		for name, s in pairs(sheets) do
			info[name] = { bytes = tree.size(s.current), monitors = #s.waiting }
		end
		return info
	end)
end

skynet.init(function()
	address = service.new("datasheet", datasheet_service)
end)

return builder
