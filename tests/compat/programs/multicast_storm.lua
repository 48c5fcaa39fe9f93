-- multicast_storm: three subscriber services joining one channel at once while a publisher sends twenty messages from two tasks, a channel made by each of four tasks at once, delete while messages are on their way, and every subscriber's count and order.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mc = require "skynet.multicast"

local mode, chan = ...
local log = skynet.error

if mode == "sub" then
	local seen = {}
	skynet.start(function()
		local c = mc.new {
			channel = tonumber(chan),
			dispatch = function(_, _, tag, n) seen[#seen + 1] = tag .. n end,
		}
		skynet.dispatch("lua", function(_, _, cmd, want)
			if cmd == "sub" then
				c:subscribe()
				skynet.retpack("subscribed")
			elseif cmd == "seen" then
				-- published messages reach us through multicastd: wait for them (bounded)
				for _ = 1, 200 do
					if #seen >= want then break end
					skynet.sleep(1)
				end
				skynet.retpack(#seen, table.concat(seen, " "))
			end
		end)
	end)
	return
end

skynet.start(function()
	local c = mc.new()
	local subs = {}
	for i = 1, 3 do subs[i] = skynet.newservice(SERVICE_NAME, "sub", c.channel) end
	local left, done = 3, {}
	for i = 1, 3 do
		skynet.fork(function()
			skynet.call(subs[i], "lua", "sub")
			left = left - 1
			if left == 0 then skynet.wakeup(done) end
		end)
	end
	if left > 0 then skynet.wait(done) end
	local pub_left, pub_done = 2, {}
	for t = 1, 2 do
		skynet.fork(function()
			local tag = t == 1 and "a" or "b"
			for n = 1, 10 do
				c:publish(tag, n)
				if n % 3 == 0 then skynet.yield() end
			end
			pub_left = pub_left - 1
			if pub_left == 0 then skynet.wakeup(pub_done) end
		end)
	end
	if pub_left > 0 then skynet.wait(pub_done) end
	-- a sync with multicastd: a channel made after the publishes
	local channels, cl, cdone = {}, 4, {}
	for i = 1, 4 do
		skynet.fork(function()
			channels[i] = mc.new().channel
			cl = cl - 1
			if cl == 0 then skynet.wakeup(cdone) end
		end)
	end
	if cl > 0 then skynet.wait(cdone) end
	local distinct = {}
	for i = 1, 4 do distinct[channels[i]] = true end
	local n = 0
	for _ in pairs(distinct) do n = n + 1 end
	log("four channels made at once, distinct", n)
	for i = 1, 3 do
		local count, seq = skynet.call(subs[i], "lua", "seen", 20)
		-- each publisher's messages in order; the two interleave by timing
		local a = seq:gsub("b%d+ ?", ""):gsub("%s+$", "")
		local b = seq:gsub("a%d+ ?", ""):gsub("%s+$", "")
		log("sub", i, count, a, "|", b)
	end
	c:publish("late", 1)
	c:delete()
	for i = 1, 3 do log("after delete", i, (skynet.call(subs[i], "lua", "seen", 21))) end
	skynet.sleep(20)
	skynet.abort()
end)
