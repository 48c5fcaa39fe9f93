-- proto_numbers: protocols named by their numbers: send/call/rawcall/dispatch with skynet.PTYPE_LUA (10) and
-- a registered id, an id nobody registered, a name and id mismatch, register_protocol with a string id or
-- a number name, skynet.dispatch(10, f) replacing "lua"'s handler, the "response" and "error" protocols used
-- by number.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "userdata" or type(v) == "function" or type(v) == "thread" then r[i] = type(v) end
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.register_protocol {
	name = "mine", id = 77,
	pack = function(...) return table.concat({ ... }, "|") end,
	unpack = function(msg, sz) return "mine:" .. skynet.tostring(msg, sz) end,
}

skynet.start(function()
	local me = skynet.self()
	local got = {}
	skynet.dispatch("lua", function(session, source, ...)
		got[#got + 1] = "lua " .. table.concat({ ... }, " ")
		if session ~= 0 then skynet.retpack("lua", ...) end
	end)
	skynet.dispatch("mine", function(session, source, text)
		got[#got + 1] = text
		if session ~= 0 then skynet.ret(text) end
	end)
	try("call ten", skynet.call, me, skynet.PTYPE_LUA, "a", 1)
	try("send ten", skynet.send, me, 10, "b")
	try("call mine by id", skynet.call, me, 77, "x", "y")
	try("send mine by id", skynet.send, me, 77, "z")
	try("call ten float", skynet.call, me, 10.0, "float id")
	try("call ten string", skynet.call, me, "10", "string id")
	try("rawcall mine by id", function() return skynet.tostring(skynet.rawcall(me, 77, "raw")) end)
	try("call unregistered id", skynet.call, me, 78, "nobody")
	try("send unregistered id", skynet.send, me, 250, "nobody")
	try("dispatch query ten", function() return skynet.dispatch(10) ~= nil end)
	local old = skynet.dispatch(10, function(session, source, ...)
		got[#got + 1] = "by number " .. table.concat({ ... }, " ")
		if session ~= 0 then skynet.retpack("number handler") end
	end)
	log("dispatch ten returned old", old ~= nil)
	try("call lua after dispatch ten", skynet.call, me, "lua", "c")
	try("register string id", skynet.register_protocol, { name = "sid", id = "90" })
	try("register number name", skynet.register_protocol, { name = 91, id = 91 })
	try("register again by id", skynet.register_protocol, { name = "other", id = 77 })
	try("register too big", skynet.register_protocol, { name = "big", id = 256 })
	try("register negative", skynet.register_protocol, { name = "neg", id = -1 })
	try("register half", skynet.register_protocol, { name = "half", id = 1.5 })
	try("register no name", skynet.register_protocol, { id = 92 })
	try("send number name after refusal", skynet.send, me, 91, "x")
	try("send string id after refusal", skynet.send, me, 90, "x")
	log("dispatch response", skynet.dispatch(1) == nil, skynet.dispatch("response") == nil)
	log("dispatch error", type(skynet.dispatch(7)))
	try("send PTYPE_TEXT", skynet.send, me, skynet.PTYPE_TEXT, "t")
	try("send half id", skynet.send, me, 1.5, "h")
	try("send PTYPE_CLIENT", skynet.send, me, skynet.PTYPE_CLIENT, "c")
	skynet.sleep(5)
	log("got", #got)
	for i, g in ipairs(got) do log(i, g) end
	skynet.sleep(10)
	skynet.abort()
end)
