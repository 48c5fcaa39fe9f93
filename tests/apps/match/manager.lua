-- manager.lua: the match-maker (a uniqueservice): pairs queued players, starts a room per pair, hears when it ends.
local skynet = require "skynet"

local waiting -- { name, fd, respond }: the first of a pair, answered when the second comes
local next_id = 0
local live = {}

local CMD = {}
local NORET = {} -- a handler's answer when it keeps skynet.response() for later

function CMD.queue(name, fd)
	if not waiting then
		waiting = { name = name, fd = fd, respond = skynet.response() }
		return NORET
	end
	next_id = next_id + 1
	local first = waiting
	waiting = nil
	local room = skynet.newservice("room", next_id)
	skynet.call(room, "lua", "setup", { first.name, first.fd }, { name, fd })
	live[next_id] = room
	skynet.error(string.format("manager: room %d for %s and %s", next_id, first.name, name))
	first.respond(true, room, next_id, name)
	return room, next_id, first.name
end

function CMD.ended(id, winner)
	live[id] = nil
	skynet.error(string.format("manager: room %d ended, winner %s", id, winner))
end

function CMD.waiting()
	return waiting and waiting.name or "nobody"
end

function CMD.rooms()
	local n = 0
	for _ in pairs(live) do
		n = n + 1
	end
	return n
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = table.pack(f(...))
		if session ~= 0 and r[1] ~= NORET then
			skynet.ret(skynet.pack(table.unpack(r, 1, r.n)))
		end
	end)
end)
