-- skynet.sharemap: a table one service writes and others read, as an stm object
-- (skynet.stm) holding the table encoded with an sproto type. The writer edits
-- the table and commits; a reader calls update() to see the latest commit.
--
--   sharemap.register("my.sproto")            -- the types, in sprotoloader slot 0
--   local w = sharemap.writer("foobar", { x = 0 })
--   skynet.call(reader, "lua", "init", "foobar", w:copy())
--   w.x = 1; w:commit()
--   -- in the reader:  local r = sharemap.reader("foobar", ref); r:update(); print(r.x)
local stm = require "skynet.stm"
local sprotoloader = require "sprotoloader"

local sharemap = {}

-- The types live in sprotoloader's slot 0, as skynet's sharemap keeps them.
function sharemap.register(protofile)
	sprotoloader.register(protofile, 0)
end

local schema
local function types()
	if not schema then
		schema = sprotoloader.load(0)
	end
	return schema
end

-- The writer's methods.
local function commit(self)
	self.__obj(types():encode(self.__typename, self.__data))
end

local function copy(self)
	return stm.copy(self.__obj)
end

function sharemap.writer(typename, data)
	data = data or {}
	local obj = stm.new(types():encode(typename, data))
	local writer = { __typename = typename, __obj = obj, __data = data, commit = commit, copy = copy }
	-- fields read and write straight through to the data table
	return setmetatable(writer, { __index = data, __newindex = data })
end

-- Decodes a snapshot into the reader's own table, so a reader keeps one table
-- (and what indexes it) across updates; returns the table and the bytes
-- decoded, as sproto's decode into a table does (so update gives both).
local function decode_into(msg, sz, self)
	local data = self.__data
	for k in pairs(data) do
		data[k] = nil
	end
	return types():decode(self.__typename, msg, sz, data)
end

-- reader:update() -> true, data, size when a newer commit was read; false otherwise.
local function update(self)
	return self.__obj(decode_into, self)
end

-- As skynet's, the methods are fields of the module too (sharemap.commit(w), pairs(sharemap)).
sharemap.commit = commit
sharemap.copy = copy
sharemap.update = update

function sharemap.reader(typename, ref)
	local obj = stm.newcopy(ref)
	local sp = types()
	local _, data = obj(function(msg, sz)
		return sp:decode(typename, msg, sz)
	end)
	local reader = { __typename = typename, __obj = obj, __data = data or {}, update = update }
	return setmetatable(reader, { __index = reader.__data, __newindex = error })
end

return sharemap
