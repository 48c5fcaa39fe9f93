-- test_inline: small payloads carried in the message (kernel/message.h) seen from Lua: kept
-- past their dispatch by a forward-mode service, redirected and trashed, and answers on both
-- sides of the inline limit through the call paths that read them in place or on the heap.
local skynet = require "skynet"
require "skynet.manager" -- skynet.kill
local t = require "testlib"

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
}

local received = {}

-- Every size around the limit (16 bytes), each string different.
local function payloads()
	local list = {}
	for n = 0, 20 do
		local s = {}
		for i = 1, n do s[i] = string.char((i * 37 + n * 11) % 256) end
		list[#list + 1] = table.concat(s)
	end
	return list
end

t.run("test_inline", {
	{ "small messages kept past their dispatch arrive byte-exact when redirected; the rest are trashed", function()
		local fwd = skynet.newservice("inline_forward_service")
		skynet.dispatch("client", function(_, _, text)
			received[#received + 1] = text
		end)
		local sent = payloads()
		for _, s in ipairs(sent) do
			skynet.rawsend(fwd, "client", s)
		end
		-- more traffic through the forwarder's worker before the kept ones are used
		for _ = 1, 200 do skynet.rawsend(fwd, "client", "filler") end
		t.eq(skynet.call(fwd, "lua", "flush", skynet.self()), #sent + 200, "kept")
		-- the redirected ones (odd positions) come back in order
		local want = {}
		for i = 1, #sent, 2 do want[#want + 1] = sent[i] end
		for i = 1, 200, 2 do want[#want + 1] = "filler" end
		-- all of them were redirected before the answer was sent
		t.eq(#received, #want, "how many came back")
		for i = 1, #want do
			t.eq(received[i], want[i], "redirected " .. i)
		end
	end },
	{ "a request whose fast path gave up after copying it to the heap is unpacked again from the same bytes", function()
		local u = skynet.newservice("inline_unpack_service")
		for _, s in ipairs(payloads()) do
			-- one request alone in its batch: the fast path's protected
			-- unpack raises, the Lua dispatch unpacks it again
			local msg, sz = skynet.rawcall(u, "client", s)
			local text, first, second = skynet.unpack(msg, sz)
			t.eq(first, s, "the fast path's try #" .. #s)
			t.eq(second, s, "the Lua dispatch's try #" .. #s)
			t.eq(text, s, "what the handler got #" .. #s)
		end
	end },
	{ "skynet.send's one C call (lua/send_packed.cpp) sends skynet.pack's bytes at every size; a gone service gives no value", function()
		local r = skynet.newservice("packed_recorder_service")
		local ud, udsz = skynet.pack("a pointer's value") -- sent as a lightuserdata value
		local cases = {
			table.pack(), table.pack(nil), table.pack(nil, nil, 3), table.pack(true, false),
			table.pack(0, 1, -1, math.mininteger, math.maxinteger), table.pack(1.5, -0.0, 1e300),
			table.pack(ud), table.pack(1, { 2, x = 3, { y = { 4.5 } } }),
			-- __pairs runs Lua code: declined, packed by the general path
			-- (what it yields arrives as a plain table, re-packed as one)
			{ n = 1, setmetatable({}, { __pairs = function() return next, { "p" }, nil end }), want = table.pack { "p" } },
		}
		for n = 0, 20 do cases[#cases + 1] = table.pack(string.rep("s", n)) end
		-- 256 bytes and more: the packer's stack buffer spills to the heap
		for n = 250, 262 do cases[#cases + 1] = table.pack(string.rep("b", n), n) end
		cases[#cases + 1] = table.pack(string.rep("m", 100000))
		for i, case in ipairs(cases) do
			local sent = table.pack(skynet.send(r, "lua", table.unpack(case, 1, case.n)))
			t.eq(sent.n, 1, "values send gave, case " .. i)
			t.eq(sent[1], 0, "send's session, case " .. i)
		end
		-- refused values raise skynet.pack's words (the general path) and send nothing
		local cycle = {}; cycle[1] = cycle
		for i, bad in ipairs { print, { 1, { f = print } }, cycle, coroutine.create(print) } do
			local ok, err = pcall(skynet.send, r, "lua", 1, bad)
			t.eq(ok, false, "refused #" .. i)
			t.eq(err:match("Unsupport type") or err:match("too depth"), err:match("Unsupport type") and "Unsupport type" or "too depth", "refusal #" .. i)
		end
		local got = skynet.call(r, "lua", "take")
		t.eq(#got, #cases, "messages recorded")
		for i, case in ipairs(cases) do
			local want = case.want or case
			t.eq(got[i], skynet.packstring(table.unpack(want, 1, want.n)), "bytes of case " .. i)
		end
		skynet.trash(ud, udsz)
		skynet.kill(r)
		t.eq(select("#", skynet.send(r, "lua", 1, "x")), 0, "values a send to a gone service gives")
		t.eq(select("#", skynet.send(r, "lua", {})), 0, "the same by the general path")
	end },
	{ "answers on both sides of the limit, by call (read in place) and rawcall (a heap copy)", function()
		local e = skynet.newservice("echo_service")
		for _, s in ipairs(payloads()) do
			t.eq(skynet.call(e, "lua", "echo", s), s, "call echo #" .. #s)
			local msg, sz = skynet.rawcall(e, "lua", skynet.pack("echo", s))
			t.eq(skynet.unpack(msg, sz), s, "rawcall echo #" .. #s)
		end
	end },
})
