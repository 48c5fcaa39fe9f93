-- skynet.datasheet: reads sheets published by skynet.datasheet.builder.
--
--   local t = datasheet.query "items"   -- a table; t.sword.atk
--
-- The table is an ordinary Lua table, filled from the shared tree one level at a
-- time as it is first read (lua/lua_datasheet.cpp), so a service pays only for
-- what it reads. A monitor coroutine waits for the next version of each sheet
-- and moves the tables to it: the same tables show the new data.
local skynet = require "skynet"
local service = require "skynet.service"
local core = require "skynet.datasheet.core"

local datasheet = {}
local server
local sheets = {}  -- name -> { object = root table, current = version, error, queue }

skynet.init(function()
	server = service.query "datasheet"
end)

local function monitor(name, s)
	while true do
		local newer = skynet.call(server, "lua", "monitor", name, s.current)
		core.update(s.object, newer)
		s.current = newer
	end
end

-- datasheet.query(name) -> the sheet's table (the same table on every call).
function datasheet.query(name)
	local s = sheets[name]
	if not s then
		s = {}
		sheets[name] = s
	end
	if s.error then
		error(s.error)
	end
	if s.object then
		return s.object
	end
	if s.queue then  -- another coroutine of this service is asking already
		local co = coroutine.running()
		table.insert(s.queue, co)
		skynet.wait(co)
	else
		s.queue = {}
		local ok, current = pcall(skynet.call, server, "lua", "query", name)
		if ok then
			s.current = current
			s.object = core.new(current)
			skynet.fork(monitor, name, s)
		else
			s.error = current
		end
		local queue = s.queue
		s.queue = nil
		for _, co in ipairs(queue) do
			skynet.wakeup(co)
		end
	end
	if s.error then
		error(s.error)
	end
	return s.object
end

return datasheet
