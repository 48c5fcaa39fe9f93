-- pool.lua: a pool of worker services (a uniqueservice started with its settings as arguments); work goes round.
local skynet = require "skynet"

local name, size, weight, text1, text2 = ...
local nargs = select("#", ...)
local workers = {}
local turn = 0

local CMD = {}

function CMD.info()
	return string.format("%s size %s weight %s (%d args)", name, size, weight, nargs)
end

function CMD.args()
	-- every argument arrives as a string; "a b" came apart at its space
	return string.format("%s|%s|%s|%s|%s %s %s", name, size, weight, text1, text2, type(size), math.type(tonumber(size)))
end

function CMD.work(job)
	turn = turn % #workers + 1
	return skynet.call(workers[turn], "lua", "work", job)
end

-- replace: the worker at index i is told to exit inside a call (its caller's call fails), and a new one takes its place
function CMD.replace(i)
	local ok = pcall(skynet.call, workers[i], "lua", "quit")
	workers[i] = skynet.newservice("worker", i, name, "gen2", -7, 0x10)
	return string.format("replaced %d (old answered %s)", i, tostring(ok))
end

skynet.start(function()
	skynet.error("pool starting", name, size, weight, text1, text2, nargs)
	for i = 1, tonumber(size) do
		-- many arguments, of several Lua types: each becomes a string in the worker
		workers[i] = skynet.newservice("worker", i, name, "gen1", 2.5, 1e3, -0)
	end
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
