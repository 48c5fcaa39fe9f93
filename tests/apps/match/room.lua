-- room.lua: one match: counts actions, ticks by skynet.timeout once both players wait, then ends.
local skynet = require "skynet"
local socket = require "skynet.socket"

local id = tonumber(...)
local players = {}
local actions = 0
local waiters = {} -- name -> deferred response
local nwait = 0

local CMD = {}
local NORET = {} -- a handler's answer when it keeps skynet.response() for later

function CMD.setup(a, b)
	players = { { name = a[1], fd = a[2] }, { name = b[1], fd = b[2] } }
end

function CMD.act(name, what)
	if what == "boom" then
		error("room " .. id .. " cannot " .. what)
	end
	actions = actions + 1
	return string.format("%s %s %d", name, what, actions)
end

local function finish()
	local winner = players[1].name
	skynet.send(skynet.uniqueservice("manager"), "lua", "ended", id, winner)
	-- "wait" is answered, "hold" is left for skynet.exit to fail
	local respond = waiters.wait
	if respond then
		respond(true, "winner " .. winner)
	end
	skynet.exit()
end

local function tick(n)
	for _, p in ipairs(players) do
		socket.write(p.fd, string.format("tick %d of room %d\n", n, id))
	end
	if n < 3 then
		skynet.timeout(5, function() tick(n + 1) end)
	else
		finish()
	end
end

local function park(kind)
	waiters[kind] = skynet.response()
	nwait = nwait + 1
	if nwait == 2 then
		skynet.timeout(5, function() tick(1) end)
	end
	return NORET
end

function CMD.wait()
	return park("wait")
end

function CMD.hold()
	return park("hold")
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = table.pack(f(...))
		if r[1] ~= NORET then
			skynet.ret(skynet.pack(table.unpack(r, 1, r.n)))
		end
	end)
end)
