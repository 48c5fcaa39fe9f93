-- skynet.sharetable_service: the service behind skynet.sharetable: loads table files once into trees shared by all readers.
--
-- It runs as skynet's does, as `service_cell sharetable` under
-- service_provider (skynet.service), so a program sees skynet's LAUNCH lines
-- and addresses; the cell's main function requires this module.
local skynet = require "skynet"
require "skynet.manager"
local core = require "skynet.sharedata.core"

local files = {} -- filename -> shared object (this service holds one reference)
-- lua_close collects this table when the service ends (killed, or the runtime
-- shutting down): its references go, and a tree no reader holds is freed.
setmetatable(files, { __gc = function(f)
	for _, obj in pairs(f) do core.decref(obj) end
end })
local CMD = {}

local function store(filename, tbl)
	if type(tbl) ~= "table" then
		error(string.format("sharetable: %s must give a table, got a %s", filename, type(tbl)), 0)
	end
	local obj = core.new(tbl)
	local old = files[filename]
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

function CMD.loadfile(filename, ...)
	check_name(filename)
	local f, err = loadfile(filename, "t", setmetatable({}, { __index = _ENV }))
	if not f then
		error("sharetable: " .. err, 0)
	end
	store(filename, f(...))
end

function CMD.loadstring(filename, source, ...)
	check_name(filename)
	if type(source) ~= "string" then
		error("sharetable.loadstring: the source must be a string, got " .. type(source), 0)
	end
	local f, err = load(source, "=" .. filename, "t", setmetatable({}, { __index = _ENV }))
	if not f then
		error("sharetable: " .. err, 0)
	end
	store(filename, f(...))
end

function CMD.loadtable(filename, tbl)
	check_name(filename)
	store(filename, tbl)
end

-- A reference for the reader comes with each answer (see sharedatad's query).
function CMD.query(filename)
	check_name(filename)
	local obj = files[filename]
	if obj then
		core.incref(obj)
	end
	return obj
end

function CMD.queryall(list)
	local ret = {}
	if list == nil then
		for filename in pairs(files) do
			ret[filename] = CMD.query(filename)
		end
	else
		for _, filename in ipairs(list) do
			ret[filename] = CMD.query(filename)
		end
	end
	return ret
end

skynet.start(function()
	skynet.daemon()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = CMD[cmd]
		if f == nil then
			error("sharetable: unknown command " .. tostring(cmd))
		end
		skynet.retpack(f(...))
	end)
end)
