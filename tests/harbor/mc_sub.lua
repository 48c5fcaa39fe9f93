-- mc_sub: the multicast test's subscriber, one per node: logs every message of channels A and B (their ids in the datacenter).
--
-- Each delivery is one line, "MC_GOT node chan from text", which the driver
-- (mc_test.py) compares with what each node must receive, in order.
local skynet = require "skynet"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"

local node = ...
local seen = {}    -- text -> true, for wait_for
local waiting = {} -- text -> the coroutine waiting for it

local function subscribe(name)
	local c = multicast.new {
		channel = datacenter.get("MC_TEST", name),
		dispatch = function(_, source, text)
			skynet.error(string.format("MC_GOT %s %s %s %s", node, name, skynet.address(source), text))
			seen[text] = true
			if waiting[text] then
				skynet.wakeup(waiting[text])
			end
			if text == "end" then
				skynet.error("MC_END " .. node)
			end
		end,
	}
	c:subscribe()
	return c
end

skynet.start(function()
	local a = subscribe("A")
	local b = subscribe("B")
	skynet.dispatch("lua", function(_, _, cmd, text)
		assert(cmd == "wait_for")
		-- returns once this node has received text (the driver's deadline bounds the wait)
		if not seen[text] then
			waiting[text] = coroutine.running()
			skynet.wait()
			waiting[text] = nil
		end
		skynet.retpack(tostring(a) .. " " .. tostring(b))
	end)
end)
