-- core_args: skynet.core's send and redirect with odd sessions and sources: a session as text ("3"), as a
-- float, nil (a new one); redirect's source as nil, text, a float, 0, -1, past 32 bits; tick counts past 32
-- bits for sleep and timeout (skynet's intcommand keeps the low 32 bits); genid's sequence.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local c = require "skynet.core"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do
		if type(r[i]) == "userdata" then r[i] = "ptr" end
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.register_protocol { name = "seen", id = 150, unpack = skynet.tostring }

skynet.start(function()
	local me = skynet.self()
	local got = {}
	skynet.dispatch("seen", function(session, source, text)
		got[#got + 1] = string.format("%s from %s session %s", text, source == me and "me" or tostring(source), tostring(session))
	end)
	skynet.dispatch_unknown_response(function(session, source, msg, sz)
		got[#got + 1] = "response " .. tostring(session)
	end)
	-- (each C function called from a Lua line, not a tail call: errors name it)
	try("send session text", function() local r = c.send(me, 150, "3", "a") return r end)
	try("send session float", function() local r = c.send(me, 150, 4.0, "b") return r end)
	try("send session half", function() local r = c.send(me, 150, 4.5, "c") return r end)
	try("send session table", function() local r = c.send(me, 150, {}, "d") return r end)
	try("redirect source nil", function() local r = skynet.redirect(me, nil, "seen", 0, "e") return r end)
	try("redirect source text", function() local r = skynet.redirect(me, tostring(me), "seen", 0, "f") return r end)
	try("redirect source hex text", function() local r = skynet.redirect(me, ":" .. string.format("%x", me), "seen", 0, "g") return r end)
	try("redirect source float", function() local r = skynet.redirect(me, me + 0.0, "seen", 0, "h") return r end)
	try("redirect source 0", function() local r = skynet.redirect(me, 0, "seen", 0, "i") return r end)
	try("redirect source -1", function() local r = skynet.redirect(me, -1, "seen", 0, "j") return r end)
	try("redirect source 2^32+me", function() local r = skynet.redirect(me, (1 << 32) + me, "seen", 0, "k") return r end)
	skynet.sleep(2)
	for _, g in ipairs(got) do log(g) end
	local t0 = skynet.now()
	skynet.sleep((1 << 32) + 2)
	log("sleep 2^32+2 took ticks <= 3", skynet.now() - t0 <= 3)
	t0 = skynet.now()
	skynet.sleep(1 << 31)
	log("sleep 2^31 took ticks <= 1", skynet.now() - t0 <= 1)
	local fired = false
	skynet.timeout((1 << 32) - 1, function() fired = true end)
	skynet.sleep(2)
	log("timeout 2^32-1 fired", fired)
	local a = skynet.genid()
	local b = skynet.genid()
	skynet.sleep(0)
	local d = skynet.genid()
	log("genid steps", b - a, d - b)
	skynet.sleep(10)
	skynet.abort()
end)
