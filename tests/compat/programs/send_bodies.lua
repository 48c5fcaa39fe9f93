-- send_bodies: message bodies of the wrong type handed to skynet.core's send: rawsend/rawcall/redirect/ret
-- with nil, nothing, a number, a table, a boolean, a pointer without a size; a protocol whose pack gives nil,
-- nothing or a number; a response whose pack gives a number or nil; skynet.ret/retpack/response in a send;
-- what each returns or raises.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do
		if type(r[i]) == "userdata" then r[i] = "ptr" end
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.register_protocol {
	name = "odd", id = 200,
	pack = function(kind)
		if kind == "nil" then return nil end
		if kind == "none" then return end
		if kind == "number" then return 42 end
		if kind == "bool" then return true end
		return "text:" .. tostring(kind)
	end,
	unpack = function(msg, sz) return skynet.tostring(msg, sz) end,
}

skynet.start(function()
	local seen = {}
	skynet.dispatch("odd", function(session, source, text)
		seen[#seen + 1] = text
		if session ~= 0 then skynet.ret(text) end
	end)
	skynet.dispatch("lua", function(session, source, cmd, arg)
		if cmd == "ret" then
			local body = arg
			if arg == "nil" then body = nil elseif arg == "table" then body = {} elseif arg == "bool" then body = true elseif arg == "number" then body = 3 end
			try("ret " .. tostring(arg), skynet.ret, body)
			try("ret again", skynet.ret, "x")
		elseif cmd == "retnum" then
			try("ret 7", skynet.ret, 7)
		elseif cmd == "retptr" then
			local msg, sz = skynet.pack("p")
			try("ret ptr nosize", skynet.ret, msg)
			skynet.trash(msg, sz) -- refused, so still ours to free
		elseif cmd == "sendret" then
			try("send ret", skynet.ret, "abc")
			try("send ret twice", skynet.ret, "abc")
		elseif cmd == "sendretpack" then
			try("send retpack", skynet.retpack, 1, 2)
		elseif cmd == "resppack" then
			local resp = skynet.response(function(v) return v end)
			try("resp pack number", resp, true, 5)
			try("resp TEST after refusal", resp, "TEST")
			try("resp pack nil", resp, true, nil)
			try("resp pack string", resp, true, "raw")
			try("resp after answer", resp, true, "raw")
		elseif cmd == "sendresp" then
			local resp = skynet.response()
			try("send resp TEST", resp, "TEST")
			try("send resp", resp, true, 1)
			try("send resp again", resp, true, 1)
		end
	end)
	local me = skynet.self()
	try("rawsend nil", skynet.rawsend, me, "odd", nil)
	try("rawsend none", skynet.rawsend, me, "odd")
	try("rawsend number", skynet.rawsend, me, "odd", 12)
	try("rawsend table", skynet.rawsend, me, "odd", {})
	try("rawsend bool", skynet.rawsend, me, "odd", false)
	try("rawsend string", skynet.rawsend, me, "odd", "hello")
	try("rawsend empty", skynet.rawsend, me, "odd", "")
	local a, a_sz = skynet.pack("a")
	try("rawsend ptr nosize", skynet.rawsend, me, "lua", a)
	skynet.trash(a, a_sz) -- refused, so still ours to free
	local msg, sz = skynet.pack("b")
	try("rawsend ptr strsize", skynet.rawsend, me, "lua", msg, tostring(sz))
	try("send pack nil", skynet.send, me, "odd", "nil")
	try("send pack none", skynet.send, me, "odd", "none")
	try("send pack number", skynet.send, me, "odd", "number")
	try("send pack bool", skynet.send, me, "odd", "bool")
	try("call pack nil", skynet.call, me, "odd", "nil")
	try("call pack number", skynet.call, me, "odd", "number")
	try("call pack ok", skynet.call, me, "odd", "ok")
	try("rawcall nil", skynet.rawcall, me, "odd", nil)
	try("rawcall number", skynet.rawcall, me, "odd", 5)
	try("redirect nil", skynet.redirect, me, me, "odd", 0, nil)
	try("redirect none", skynet.redirect, me, me, "odd", 0)
	try("redirect number", skynet.redirect, me, me, "odd", 0, 9)
	try("redirect table", skynet.redirect, me, me, "odd", 0, {})
	try("redirect session str", skynet.redirect, me, me, "odd", "3", "s")
	try("redirect session nil", skynet.redirect, me, me, "odd", nil, "s")
	skynet.sleep(5)
	log("seen", #seen, table.concat(seen, ","))
	-- a ret refused after its session is taken: the caller is never answered
	for _, arg in ipairs { "nil", "table", "bool", "str", "number" } do
		skynet.fork(function()
			try("call ret " .. arg, skynet.call, me, "lua", "ret", arg)
		end)
	end
	skynet.fork(function() try("call retnum", skynet.call, me, "lua", "retnum") end)
	skynet.fork(function() try("call retptr", skynet.call, me, "lua", "retptr") end)
	skynet.fork(function() try("call resppack", skynet.call, me, "lua", "resppack") end)
	skynet.sleep(5)
	skynet.send(me, "lua", "sendret")
	skynet.send(me, "lua", "sendretpack")
	skynet.send(me, "lua", "sendresp")
	skynet.sleep(10)
	skynet.abort()
end)
