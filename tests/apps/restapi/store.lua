-- store.lua: the players the REST API serves (a uniqueservice), kept in memory in insertion order.
local skynet = require "skynet"

local players = {} -- name -> score
local order = {}

local CMD = {}

function CMD.list()
	local out = {}
	for _, name in ipairs(order) do
		out[#out + 1] = { name = name, score = players[name] }
	end
	return out
end

function CMD.get(name)
	return players[name]
end

function CMD.put(name, score)
	local new = players[name] == nil
	if new then
		order[#order + 1] = name
	end
	players[name] = score
	return new
end

function CMD.delete(name)
	if players[name] == nil then
		return false
	end
	players[name] = nil
	for i, n in ipairs(order) do
		if n == name then
			table.remove(order, i)
			break
		end
	end
	return true
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
