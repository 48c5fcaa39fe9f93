-- multicast_odds: multicast on one node used loosely: tostring of a channel, a channel object made
-- from another's id (publish and subscribe through it), two objects for one channel in one service,
-- publish of nothing and of nil holes, a dispatch that raises, a subscriber without dispatch, a
-- custom pack/unpack, new{} of an id never made, new() with no table.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mc = require "skynet.multicast"

local mode, id = ...
local log = skynet.error

local function first_line(s)
	if type(s) ~= "string" then
		return s
	end
	return (s:match("^[^\n]*"))
end

if mode == "listener" then
	skynet.start(function()
		id = tonumber(id)
		local ch = mc.new {
			channel = id,
			dispatch = function(self, source, ...)
				log("listener got", select("#", ...), ...)
				if ... == "raise" then
					error("listener raises")
				end
			end,
		}
		ch:subscribe()
		local silent = mc.new { channel = id }
		log("silent is another object", silent ~= ch)
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "silent" then
				silent:subscribe()
			end
			skynet.retpack(cmd)
		end)
	end)
	return
end

skynet.start(function()
	local ch = mc.new()
	log("tostring", (tostring(ch):gsub("%x+%]$", "ID]")), math.type(ch.channel))
	local l = skynet.newservice(SERVICE_NAME, "listener", ch.channel)
	ch:publish("one", 1)
	ch:publish()
	ch:publish(nil, 2, nil)
	ch:publish("raise")
	skynet.sleep(5)
	local other = mc.new { channel = ch.channel }
	other:publish("through another object")
	skynet.sleep(5)
	skynet.call(l, "lua", "silent") -- a second object subscribes the same channel in the listener
	ch:publish("after silent")
	skynet.sleep(5)

	local text = mc.new {
		pack = function(...) return table.concat({ ... }, "|") end,
		unpack = function(msg, sz) return skynet.tostring(msg, sz) end,
		dispatch = function(self, source, s) log("text channel got", s) end,
	}
	text:subscribe()
	log("a pack giving one string", pcall(text.publish, text, "a", "b", "c"))
	-- (a string with its size crashes skynet's multicast: it takes the string for a NULL buffer)
	skynet.sleep(5)

	local ghost = mc.new { channel = 987654 }
	log("ghost publish", pcall(ghost.publish, ghost, "x"))
	log("ghost subscribe", pcall(ghost.subscribe, ghost))
	skynet.sleep(5)
	skynet.sleep(20)
	skynet.abort()
end)
