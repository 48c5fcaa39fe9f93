-- room.lua: one battle room: joins in a skynet.queue critical section, a countdown and a lockstep frame loop on
-- skynet.timeout (a frame goes out when every player's input is in, or at its deadline), an idle timer.
local skynet = require "skynet"
local socket = require "skynet.socket"
local queue = require "skynet.queue"

local id, deadline, frames, idle_limit = ...
id, deadline, frames, idle_limit = tonumber(id), tonumber(deadline), tonumber(frames), tonumber(idle_limit)

local cs = queue()
local hall
local players = {} -- in join order: { name, fd }
local loading -- the name being loaded inside the critical section, for status
local frame = 0 -- the frame being collected; 0 before the battle
local inputs = {} -- frame -> name -> input
local over = false

local function broadcast(text)
	for _, p in ipairs(players) do
		socket.write(p.fd, text .. "\n")
	end
end

-- the hall hears first, so a player told of the end finds the room gone from the hall's list
local function finish(why, text)
	over = true
	skynet.call(hall, "lua", "ended", id, why)
	broadcast(text)
	skynet.exit()
end

local function emit()
	local got = inputs[frame] or {}
	local parts = {}
	for _, p in ipairs(players) do
		parts[#parts + 1] = p.name .. ":" .. (got[p.name] or "idle")
	end
	broadcast(string.format("frame %d %s", frame, table.concat(parts, " ")))
	inputs[frame] = nil
	if frame == frames then
		finish("played", "over room " .. id)
		return
	end
	frame = frame + 1
	local this = frame
	-- the deadline: a later emit has moved frame on, and then this timer does nothing
	skynet.timeout(deadline, function()
		if frame == this and not over then
			skynet.error(string.format("room %d: frame %d deadline", id, this))
			emit()
		end
	end)
	local ready = inputs[frame]
	if ready and #players > 0 then
		local n = 0
		for _ in pairs(ready) do
			n = n + 1
		end
		if n == #players then
			emit()
		end
	end
end

local function countdown(n)
	if n == 0 then
		frame = 1
		broadcast("go")
		skynet.timeout(deadline, function()
			if frame == 1 and not over then
				emit()
			end
		end)
		return
	end
	broadcast("countdown " .. n)
	skynet.timeout(5, function() countdown(n - 1) end)
end

local CMD = {}

function CMD.join(name, fd)
	return cs(function()
		if name == "crash" then
			-- a raise inside the critical section: the queue must let the next one in all the same
			error("room " .. id .. " refuses " .. name)
		end
		loading = name
		-- the hall holds names across rooms; the player's data "loads" for a while, still inside the section
		local ok = skynet.call(hall, "lua", "reserve", name, id)
		skynet.sleep(10)
		loading = nil
		if not ok then
			socket.write(fd, string.format("room %d: name %s taken\n", id, name))
			return false
		end
		if frame > 0 or #players == 2 then
			skynet.call(hall, "lua", "release", name)
			socket.write(fd, string.format("room %d: full\n", id))
			return false
		end
		players[#players + 1] = { name = name, fd = fd }
		socket.write(fd, string.format("joined room %d as %s (%d)\n", id, name, #players))
		skynet.error(string.format("room %d: %s joined", id, name))
		if #players == 2 then
			countdown(2)
		end
		return true
	end)
end

function CMD.input(name, n, what)
	if n < frame then
		skynet.error(string.format("room %d: late input from %s for frame %d (now %d)", id, name, n, frame))
		return
	end
	inputs[n] = inputs[n] or {}
	inputs[n][name] = what
	if n == frame then
		local c = 0
		for _ in pairs(inputs[n]) do
			c = c + 1
		end
		if c == #players then
			emit()
		end
	end
end

function CMD.leave(name)
	cs(function()
		for i, p in ipairs(players) do
			if p.name == name then
				table.remove(players, i)
				skynet.call(hall, "lua", "release", name)
				skynet.error(string.format("room %d: %s left", id, name))
				socket.write(p.fd, "left room " .. id .. "\n")
			end
		end
		if #players == 0 and not over then
			finish("empty", "room closed")
		end
	end)
end

function CMD.status()
	if loading then
		return "loading " .. loading
	end
	return string.format("%d players frame %d", #players, frame)
end

skynet.start(function()
	hall = skynet.uniqueservice("hall")
	-- the idle timer: a room nobody fills closes itself and tells whoever waits in it
	skynet.timeout(idle_limit, function()
		if #players < 2 and not over then
			finish("idle", string.format("room %d closed: nobody came", id))
		end
	end)
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = table.pack(f(...))
		if session ~= 0 then
			skynet.ret(skynet.pack(table.unpack(r, 1, r.n)))
		end
	end)
end)
