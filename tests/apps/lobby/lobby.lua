-- lobby.lua: a waiting room (a uniqueservice) holding each waiter's call open with skynet.response until a
-- match or a cancel; a waiter whose agent has gone is found when its response cannot be delivered.
local skynet = require "skynet"

local waiting = {} -- in arrival order: { name, respond }
local gone = {}
local NORET = {}

local CMD = {}

function CMD.wait(name)
	waiting[#waiting + 1] = { name = name, respond = skynet.response() }
	return NORET
end

function CMD.left(name)
	gone[#gone + 1] = name
end

function CMD.gone()
	return table.concat(gone, ",")
end

-- status: who waits, and whether each held response is still unanswered (response "TEST")
function CMD.status()
	local out = {}
	for i, w in ipairs(waiting) do
		out[i] = w.name .. ":" .. tostring(w.respond("TEST"))
	end
	return #out == 0 and "empty" or table.concat(out, " ")
end

-- match: pairs waiters in order; the first of a pair is answered first, and if its agent is gone (the answer
-- cannot be delivered) the second waits on as the first of the next pair
function CMD.match()
	local out = {}
	local pending
	while #waiting > 0 do
		local w = table.remove(waiting, 1)
		if pending == nil then
			pending = w
		elseif pending.respond(true, "matched with " .. w.name) then
			w.respond(true, "matched with " .. pending.name)
			out[#out + 1] = pending.name .. "+" .. w.name
			pending = nil
		else
			skynet.error("lobby: " .. pending.name .. " was gone")
			out[#out + 1] = pending.name .. " gone"
			pending = w
		end
	end
	if pending then
		waiting[1] = pending
	end
	return #out == 0 and "nobody" or table.concat(out, " ")
end

function CMD.cancel(name)
	for i, w in ipairs(waiting) do
		if w.name == name then
			table.remove(waiting, i)
			local first = w.respond(false)
			-- a second answer to the same call is refused
			local ok, err = pcall(w.respond, true, "late")
			return string.format("cancelled %s (%s), again: %s %s", name, tostring(first), tostring(ok),
				tostring(err):gsub("^.*:%d+: ", ""))
		end
	end
	return "no " .. name
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = table.pack(f(...))
		if session ~= 0 and r[1] ~= NORET then
			skynet.ret(skynet.pack(table.unpack(r, 1, r.n)))
		end
	end)
end)
