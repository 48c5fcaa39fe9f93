-- multicast_edges: multicast channels: several subscribers in one service, publish of many values, unsubscribe twice, publish after delete, subscribe to a deleted channel, a channel bound by id in another service.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mc = require "skynet.multicast"

local mode, chid = ...
local log = skynet.error

if mode == "listener" then
	skynet.start(function()
		local heard = {}
		local ch = mc.new {
			channel = tonumber(chid),
			dispatch = function(channel, source, ...)
				heard[#heard + 1] = table.concat({ tostring(select("#", ...)), ... }, ",")
			end,
		}
		ch:subscribe()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "heard" then
				skynet.retpack(table.concat(heard, " | "))
			elseif cmd == "leave" then
				ch:unsubscribe()
				skynet.retpack(true)
			end
		end)
	end)
	return
end

skynet.start(function()
	local ch = mc.new()
	local got = {}
	local a = mc.new { channel = ch.channel, dispatch = function(_, _, v) got[#got + 1] = "a:" .. tostring(v) end }
	local b = mc.new { channel = ch.channel, dispatch = function(_, _, v) got[#got + 1] = "b:" .. tostring(v) end }
	a:subscribe()
	b:subscribe()
	local l = skynet.newservice(SERVICE_NAME, "listener", ch.channel)
	ch:publish(1)
	ch:publish("two", 2, nil)
	skynet.sleep(5)
	table.sort(got)
	log("same service heard", table.concat(got, " "))
	log("listener heard", skynet.call(l, "lua", "heard"))
	b:unsubscribe()
	log("unsubscribe twice", pcall(b.unsubscribe, b))
	skynet.call(l, "lua", "leave")
	ch:publish(3)
	skynet.sleep(5)
	got = {}
	ch:publish(4)
	skynet.sleep(5)
	log("after leaving", table.concat(got, " "), skynet.call(l, "lua", "heard"))
	local other = mc.new()
	log("channels differ", other.channel ~= ch.channel)
	ch:delete()
	log("publish after delete", pcall(ch.publish, ch, 5))
	skynet.sleep(5)
	log("delete twice", pcall(ch.delete, ch))
	local late = mc.new { channel = ch.channel, dispatch = function() end }
	log("subscribe to deleted", pcall(late.subscribe, late))
	log("publish by id to deleted", pcall(late.publish, late, 6))
	log("subscribe deleted object", pcall(ch.subscribe, ch))
	other:delete()
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
