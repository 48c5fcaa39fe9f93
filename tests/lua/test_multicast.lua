-- test_multicast: skynet.multicast channels: publish to many, unsubscribe, delete, and the errors for misuse.
local skynet = require "skynet"
local multicast = require "skynet.multicast"
local t = require "testlib"

local function subscribers(n, channel)
	local list = {}
	for i = 1, n do
		list[i] = skynet.newservice("mc_subscriber")
		skynet.call(list[i], "lua", "sub", channel)
	end
	return list
end

t.run("test_multicast", {
	{ "channel ids are skynet's: the harbor id (0) in the low 8 bits, then steps of 256", function()
		local a, b = multicast.new(), multicast.new()
		t.eq(a.channel % 256, 0, "low 8 bits are the harbor id")
		t.eq(b.channel - a.channel, 256, "the next channel")
		t.eq(tostring(a), string.format("[Multicast:%x]", a.channel), "tostring")
		a:delete()
		b:delete()
	end },
	{ "one publish reaches every subscriber, with the publisher as source", function()
		local chan = multicast.new()
		assert(math.type(chan.channel) == "integer", "new channel gets an id")
		local subs = subscribers(3, chan.channel)
		chan:publish("hello", 42, { k = "v" })
		for i, s in ipairs(subs) do
			local got = skynet.call(s, "lua", "got")
			t.eq(#got, 1, "subscriber " .. i .. " messages")
			t.eq(got[1].source, skynet.self(), "source")
			t.eq(got[1].args[1], "hello", "arg 1")
			t.eq(got[1].args[2], 42, "arg 2")
			t.eq(got[1].args[3].k, "v", "arg 3")
		end
		chan:delete()
	end },
	{ "a subscriber in this service gets its own publish", function()
		local seen
		local chan = multicast.new { dispatch = function(_, _, v) seen = v end }
		chan:subscribe()
		chan:publish("self")
		for _ = 1, 100 do
			if seen then break end
			skynet.yield()
		end
		t.eq(seen, "self", "received")
		chan:unsubscribe()
		chan:delete()
	end },
	{ "unsubscribe stops delivery to that subscriber only", function()
		local chan = multicast.new()
		local subs = subscribers(2, chan.channel)
		skynet.call(subs[1], "lua", "unsub")
		chan:publish("after")
		t.eq(#skynet.call(subs[1], "lua", "got"), 0, "unsubscribed one")
		t.eq(#skynet.call(subs[2], "lua", "got"), 1, "still subscribed one")
		chan:delete()
	end },
	{ "a publish with no subscriber is fine and reaches nobody", function()
		local chan = multicast.new()
		chan:publish("nobody")
		chan:delete()
	end },
	{ "a deleted channel: its object asserts, its id is a dead channel (as skynet's)", function()
		local chan = multicast.new()
		local id = chan.channel
		chan:delete()
		t.raises(function() chan:publish("x") end, "assertion failed!", "publish after delete")
		t.raises(function() chan:subscribe() end, "assertion failed!", "subscribe after delete")
		t.raises(function() chan:delete() end, "assertion failed!", "delete twice")
		local other = multicast.new { channel = id, dispatch = function() end }
		other:publish("x") -- dropped: nobody hears it
		other:subscribe() -- nothing to join
	end },
	{ "bad input names the problem", function()
		t.raises(function() multicast.new { channel = "x" } end, "multicast.new: channel must be an integer id", "string channel")
		-- a subscriber without dispatch is taken, as skynet's (each message
		-- then fails "attempt to call a nil value" in its dispatch)
		local chan = multicast.new()
		chan:subscribe()
		t.eq(chan.__subscribe, true, "no dispatch: subscribed")
		chan:delete()
	end },
})
