-- worker.lua: a keyed store worker behind the router: answers its callers directly (they never see the router).
local skynet = require "skynet"

local index = ...
local data = {}
local seen = 0

local CMD = {}

function CMD.set(key, value)
	data[key] = value
	return "stored " .. key .. " on worker " .. index
end

function CMD.get(key)
	return tostring(data[key]) .. " from worker " .. index
end

function CMD.boom(key)
	error("worker " .. index .. " cannot " .. key)
end

function CMD.note(key)
	seen = seen + 1 -- a send: no answer
end

function CMD.seen(key)
	return "worker " .. index .. " noted " .. seen
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, key, ...)
		local r = CMD[cmd](key, ...)
		if session ~= 0 then
			skynet.ret(skynet.pack(r))
		end
	end)
end)
