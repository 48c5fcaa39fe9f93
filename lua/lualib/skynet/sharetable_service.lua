-- skynet.sharetable_service: the service behind skynet.sharetable: loads table files once into trees shared by all readers.
--
-- It runs as skynet's does, as `service_cell sharetable` under
-- service_provider (skynet.service), so a program sees skynet's LAUNCH lines
-- and addresses; the cell's main function requires this module.
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.sharedata.core"
local codecache = require "skynet.codecache"

local files = {} -- filename -> shared object (this service holds one reference)
-- lua_close collects this table when the service ends (killed, or the runtime
-- shutting down): its references go, and a tree no reader holds is freed.
setmetatable(files, { __gc = function(f)
	for _, obj in pairs(f) do core.decref(obj) end
end })
local CMD = {}

-- Which services got which version, as skynet's service counts them: a
-- version stays counted for a reader until the reader ends (its module sends
-- "close"), even after an update moved it on; an old version whose last
-- reader ends is logged as deleted, as skynet's is. (The trees themselves are
-- freed by their reference counts in C, whatever this bookkeeping says.)
local versions = {} -- shared object -> { filename, count, refs = { [source] = true } }
local clients = {} -- source -> list of the shared objects it got

local function count_reader(source, filename, obj)
	local v = versions[obj]
	if v == nil then
		v = { filename = filename, count = 0, refs = {} }
		versions[obj] = v
	end
	if not v.refs[source] then
		v.refs[source] = true
		v.count = v.count + 1
		local list = clients[source]
		if list == nil then
			list = {}
			clients[source] = list
		end
		list[#list + 1] = obj
	end
end

local function store(filename, tbl)
	if type(tbl) ~= "table" then
		error(string.format("sharetable: %s must give a table, got a %s", filename, type(tbl)), 0)
	end
	local obj = core.new(tbl)
	local old = files[filename]
	if old and versions[old] and versions[old].count == 0 then
		versions[old] = nil -- superseded with no reader: nothing to log later
	end
	files[filename] = obj
	-- Unlike sharedata, readers keep the old version until they call
	-- sharetable.update: theirs is released then.
	if old then
		core.decref(old)
	end
end

local function check_name(filename)
	if type(filename) ~= "string" then
		error("sharetable: the file name must be a string, got " .. type(filename), 0)
	end
end

-- skynet's service runs a source in a Lua state of its own (C, its
-- `core.matrix`): what fails there comes back as a bare message raised by
-- that C function, so its tracebacks read "[C]: in field 'matrix'". The
-- same function called through a field of that name reads the same.
local raise = { matrix = error }
local client = require "skynet.sharetable"

-- `source` is "@filename" or the text itself (its own chunk name, as
-- luaL_loadstring names it: [string "..."]).
local function matrix(source, ...)
	client.matrix_args(...)
	local env = setmetatable({}, { __index = _ENV })
	local f, err
	if source:byte() == 64 then -- '@'
		-- skynet's matrix reads the file each time (its uncached loader), so
		-- a file loaded again after it changed gives the new data: not
		-- through the code cache, which would hand back the first version.
		local mode = codecache.mode()
		codecache.mode("OFF")
		f, err = loadfile(source:sub(2), "bt", env)
		codecache.mode(mode)
	else
		f, err = load(source, source, "t", env)
	end
	if not f then
		raise.matrix(err, 0)
	end
	local ok, tbl = pcall(f, ...)
	if not ok then
		raise.matrix(tostring(tbl), 0)
	end
	if type(tbl) ~= "table" then
		raise.matrix(string.format("Not a table, it's a %s.", type(tbl)), 0)
	end
	return tbl
end

function CMD.loadfile(filename, ...)
	check_name(filename)
	store(filename, matrix("@" .. filename, ...))
end

function CMD.loadstring(filename, source, ...)
	check_name(filename)
	store(filename, matrix(source, ...))
end

function CMD.loadtable(filename, tbl)
	check_name(filename)
	store(filename, tbl)
end

-- A reference for the reader comes with each answer (see sharedatad's query).
function CMD.query(source, filename)
	check_name(filename)
	local obj = files[filename]
	if obj then
		core.incref(obj)
		count_reader(source, filename, obj)
	end
	return obj
end

function CMD.queryall(source, list)
	local ret = {}
	if list == nil then
		for filename in pairs(files) do
			ret[filename] = CMD.query(source, filename)
		end
	else
		for _, filename in ipairs(list) do
			ret[filename] = CMD.query(source, filename)
		end
	end
	return ret
end

-- close: a reader ended (sent, no answer).
local function close(source)
	for _, obj in ipairs(clients[source] or {}) do
		local v = versions[obj]
		if v and v.refs[source] then
			v.refs[source] = nil
			v.count = v.count - 1
			if v.count == 0 and files[v.filename] ~= obj then
				skynet.error(string.format("Delete a version (%s) of %s", tostring(obj), v.filename))
				versions[obj] = nil
			end
		end
	end
	clients[source] = nil
end

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(_, source, cmd, ...)
		if cmd == "close" then
			return close(source)
		end
		local f = CMD[cmd]
		if f == nil then
			error("sharetable: unknown command " .. tostring(cmd))
		end
		if cmd == "query" or cmd == "queryall" then
			return skynet.retpack(f(source, ...))
		end
		skynet.retpack(f(...))
	end)
end)
