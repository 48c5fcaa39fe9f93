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
			if text == "bye" then
				skynet.error("MC_END " .. node)
			end
		end,
	}
	c:subscribe()
	return c
end

skynet.start(function()
	local chan = { A = subscribe("A"), B = subscribe("B") }
	skynet.dispatch("lua", function(_, _, cmd, arg)
		if cmd == "unsubscribe" then
			chan[arg]:unsubscribe()
			return skynet.retpack(true)
		end
		assert(cmd == "wait_for")
		-- returns once this node has received arg (the driver's deadline bounds the wait)
		if not seen[arg] then
			waiting[arg] = coroutine.running()
			skynet.wait()
			waiting[arg] = nil
		end
		skynet.retpack(true)
	end)
end)
