-- test_batch: a run of messages a worker pops at once keeps skynet's order whether its
-- handlers return, fork, wait, call, raise or exit (snlua runs plain requests of one batch
-- in one coroutine: lua/lualib/skynet.lua, "batch").
local skynet = require "skynet"
local t = require "testlib"

-- The sends are queued before the service runs any of them (this task does not
-- yield in between), so they reach it as one batch.
local function burst(s, messages)
	for _, m in ipairs(messages) do
		skynet.send(s, "lua", m[1], m[2], m[3])
	end
	return skynet.call(s, "lua", "log")
end

t.run("test_batch", {
	{ "plain sends run in order", function()
		local s = skynet.newservice("batch_service")
		local messages, want = {}, {}
		for i = 1, 200 do
			messages[i] = { "rec", i }
			want[i] = "m" .. i
		end
		t.eq(burst(s, messages), table.concat(want, " "), "log")
	end },
	{ "a fork runs after the message that made it, before the next", function()
		local s = skynet.newservice("batch_service")
		t.eq(burst(s, { { "rec", 1 }, { "fork", 2 }, { "rec", 3 }, { "fork", 4 }, { "rec", 5 } }),
			"m1 m2 f2 m3 m4 f4 m5", "log")
	end },
	{ "a woken task runs before the next message", function()
		local s = skynet.newservice("batch_service")
		t.eq(burst(s, { { "wait", 1 }, { "rec", 2 }, { "wake", 3 }, { "rec", 4 } }),
			"w1 m2 m3 woke1 m4", "log")
	end },
	{ "a handler that calls out lets the rest of the batch run, and resumes on the answer", function()
		local s = skynet.newservice("batch_service")
		local peer = skynet.newservice("batch_service")
		local got = burst(s, { { "callpeer", 1, peer }, { "rec", 2 }, { "rec", 3 } })
		-- The answer comes back as a response: wherever it lands, the requests keep their order.
		local order = got:gsub(" ?r1", "")
		t.eq(order, "c1 m2 m3", "requests")
		-- The peer answered s before it answers us, so s has the answer queued
		-- before our next "log" request.
		t.eq(skynet.call(peer, "lua", "log"), "e1", "the peer's log")
		if not got:find("r1", 1, true) then
			t.eq(skynet.call(s, "lua", "log"), "r1", "the answer, after the log call")
		end
	end },
	{ "a handler that raises ends only its own message", function()
		local s = skynet.newservice("batch_service")
		t.eq(burst(s, { { "rec", 1 }, { "boom", 2 }, { "rec", 3 }, { "boom", 4 }, { "rec", 5 } }),
			"m1 b2 m3 b4 m5", "log")
		t.raises(function() skynet.call(s, "lua", "boom", 6) end, "call failed", "a call's error")
		t.eq(skynet.call(s, "lua", "echo", 7), 7, "the service still answers")
	end },
	{ "requests after an exit in the same batch are refused", function()
		local s = skynet.newservice("batch_service")
		skynet.send(s, "lua", "rec", 1)
		skynet.send(s, "lua", "exit", 2)
		-- refused either way: in the batch ("call failed"), or, when this worker
		-- was slower than the service's exit, at the push ("invalid address")
		local err = t.raises(function() skynet.call(s, "lua", "echo", 3) end, nil, "a call after exit")
		t.eq(err:find("call failed", 1, true) ~= nil or err:find("call to invalid address", 1, true) ~= nil,
			true, "a call after exit refused (" .. err .. ")")
	end },
	{ "an answer in a batch goes to its own sender, after sends from another", function()
		-- The batch's step from one request to the next records the
		-- sender's address (lua/batch_step.cpp keeps it across a run of one
		-- sender's sends): the other sender's messages come in between.
		local s = skynet.newservice("batch_service")
		local other = skynet.newservice("batch_service")
		skynet.send(s, "lua", "rec", 1)
		skynet.redirect(s, other, "lua", 0, skynet.pack("rec", 2))
		skynet.send(s, "lua", "rec", 3)
		skynet.redirect(s, other, "lua", 0, skynet.pack("rec", 4))
		t.eq(skynet.call(s, "lua", "later", 5), 5, "the answer")
		skynet.redirect(s, other, "lua", 0, skynet.pack("rec", 6))
		t.eq(skynet.call(s, "lua", "later", 7), 7, "the answer after the other's send")
		t.eq(skynet.call(s, "lua", "log"), "m1 m2 m3 m4 l5 m6 l7", "log")
	end },
	{ "a handler in a batch gets exactly the values sent, however many, nils included", function()
		-- The batch step hands over up to four values in fixed slots and more
		-- in a table (lua/batch_step.cpp): each count, and trailing nils,
		-- must reach the handler as select("#") sees them.
		local s = skynet.newservice("batch_service")
		local sends = {
			{}, { 1 }, { 1, 2 }, { 1, 2, 3 }, { 1, 2, 3, 4 }, { 1, 2, 3, 4, 5 },
			{ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { nil, 2 }, { 1, nil }, { 1, 2, nil, nil }, { 1, 2, 3, 4, nil },
		}
		local counts = { 0, 1, 2, 3, 4, 5, 9, 2, 2, 4, 5 }
		-- a first message: the dispatcher runs it, and every one of ours is a batch's next
		skynet.send(s, "lua", "rec", 0)
		local want = { "m0" }
		for k, v in ipairs(counts) do
			local got = { "a" .. v }
			for j = 1, v do got[#got + 1] = sends[k][j] == nil and "-" or tostring(sends[k][j]) end
			want[k + 1] = table.concat(got, ",")
			skynet.send(s, "lua", "args", table.unpack(sends[k], 1, v))
		end
		skynet.send(s, "lua")
		t.eq(skynet.call(s, "lua", "log"), table.concat(want, " ") .. " none", "log")
	end },
	{ "calls to one service from many tasks all get their own answer", function()
		local s = skynet.newservice("batch_service")
		local answers, done = {}, 0
		local me = coroutine.running()
		for i = 1, 100 do
			skynet.fork(function()
				answers[i] = skynet.call(s, "lua", "echo", i)
				done = done + 1
				if done == 100 then skynet.wakeup(me) end
			end)
		end
		skynet.wait()
		for i = 1, 100 do t.eq(answers[i], i, "answer " .. i) end
	end },
})
