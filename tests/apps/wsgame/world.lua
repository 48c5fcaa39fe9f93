-- world.lua: the game world (a uniqueservice): positions on a small map, pushes to the other players' agents,
-- a kick for whoever walks off the map.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

local LIMIT = 5
local players = {} -- name -> { agent, x, y }
local order = {} -- names in login order, so pushes go out in a fixed order

local function others(name, f)
	for _, n in ipairs(order) do
		if n ~= name then
			f(players[n])
		end
	end
end

local CMD = {}

function CMD.login(name, agent)
	if players[name] then
		return false, #order
	end
	players[name] = { agent = agent, x = 0, y = 0 }
	order[#order + 1] = name
	skynet.error("world: " .. name .. " entered")
	return true, #order
end

function CMD.move(name, dx, dy)
	local p = players[name]
	p.x, p.y = p.x + dx, p.y + dy
	others(name, function(o)
		skynet.send(o.agent, "lua", "push", "moved", { name = name, x = p.x, y = p.y })
	end)
	-- off the map: the agent answers the move, then pushes the reason and closes
	if math.abs(p.x) > LIMIT or math.abs(p.y) > LIMIT then
		return p.x, p.y, string.format("%s walked off the map at %d,%d", name, p.x, p.y)
	end
	return p.x, p.y
end

function CMD.chat(name, text)
	if text == "shutdown" then
		skynet.abort()
	end
	for _, n in ipairs(order) do
		skynet.send(players[n].agent, "lua", "push", "said", { from = name, text = text })
	end
end

function CMD.where(name)
	local p = players[name]
	if p then
		return true, p.x, p.y
	end
	return false
end

function CMD.leave(name)
	players[name] = nil
	for i, n in ipairs(order) do
		if n == name then
			table.remove(order, i)
		end
	end
	skynet.error("world: " .. name .. " left")
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
