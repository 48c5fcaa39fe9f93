-- hall.lua: the battle hall (a uniqueservice): makes a room service per room id on first use, forgets it when it ends.
local skynet = require "skynet"
local queue = require "skynet.queue"

-- newservice blocks: without the queue two players asking for a new room at once would each start one
local making = queue()

local rooms = {} -- id -> address
local names = {} -- player name -> room id, for the rooms' name checks

local CMD = {}

function CMD.room(id)
	return making(function()
		local r = rooms[id]
		if not r then
			-- a room's settings travel as service arguments: id, frame deadline (ticks), frames, idle limit
			-- (ticks; room 1 waits long for its second player, the others not)
			r = skynet.newservice("room", id, 30, 5, id == 1 and 300 or 30)
			rooms[id] = r
		end
		return r
	end)
end

function CMD.reserve(name, id)
	if names[name] then
		return false
	end
	names[name] = id
	return true
end

function CMD.release(name)
	names[name] = nil
end

function CMD.ended(id, why)
	rooms[id] = nil
	for n, rid in pairs(names) do
		if rid == id then
			names[n] = nil
		end
	end
	skynet.error(string.format("hall: room %d ended (%s)", id, why))
end

function CMD.list()
	local ids = {}
	for id in pairs(rooms) do
		ids[#ids + 1] = id
	end
	table.sort(ids)
	return #ids == 0 and "none" or table.concat(ids, ",")
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = table.pack(f(...))
		if session ~= 0 then
			skynet.ret(skynet.pack(table.unpack(r, 1, r.n)))
		end
	end)
end)
