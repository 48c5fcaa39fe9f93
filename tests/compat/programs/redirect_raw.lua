-- redirect_raw: what send/rawsend/redirect return; redirect on someone's behalf (the handler sees the
-- other source; an answer goes there), with a session of one's own (the answer comes back unasked),
-- with a string body and with source 0; rawcall with a string and with pack's pointer, its answer
-- through skynet.tostring; packstring against pack; genid's numbers.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, ...)
			local who = source == skynet.localname(".redirect_raw") and "main"
				or source == skynet.localname(".third") and "third" or string.format("%s", source == 0 and "zero" or "other")
			log("worker got", session ~= 0, who, ...)
			if session ~= 0 then
				skynet.retpack("answer", ...)
			end
		end)
	end)
	return
elseif mode == "third" then
	skynet.start(function()
		skynet.register(".third")
		skynet.dispatch_unknown_response(function(session, source, msg, sz)
			log("third got an answer nobody asked for", skynet.unpack(msg, sz))
		end)
		skynet.dispatch("lua", function(session, source, ...)
			log("third got", session ~= 0, ...)
		end)
	end)
	return
end

skynet.start(function()
	skynet.register(".redirect_raw")
	local w = skynet.newservice(SERVICE_NAME, "worker")
	local third = skynet.newservice(SERVICE_NAME, "third")
	log("send returns", skynet.send(w, "lua", "one"))
	log("rawsend returns", skynet.rawsend(w, "lua", skynet.pack("two")))
	log("rawsend of a string returns", skynet.rawsend(w, "lua", skynet.packstring("three")))
	log("redirect returns", skynet.redirect(w, third, "lua", 0, skynet.pack("for third")))
	log("redirect with a session", skynet.redirect(w, third, "lua", 77, skynet.pack("answer to third")))
	log("redirect of a string", skynet.redirect(w, skynet.self(), "lua", 0, skynet.packstring("a string body")))
	log("redirect from 0", skynet.redirect(w, 0, "lua", 0, skynet.pack("from zero")))
	skynet.sleep(5)
	local msg, sz = skynet.rawcall(w, "lua", skynet.pack("raw", 1))
	log("rawcall answer", type(msg), math.type(sz), skynet.unpack(msg, sz))
	msg, sz = skynet.rawcall(w, "lua", skynet.packstring("raw string", 2))
	log("rawcall of a string", skynet.unpack(msg, sz))
	log("rawcall answer as text", #skynet.tostring(skynet.rawcall(w, "lua", skynet.pack("t"))))
	local packed, packed_sz = skynet.pack(1, "a", nil)
	log("packstring equals pack", skynet.packstring(1, "a", nil) == skynet.tostring(packed, packed_sz))
	skynet.trash(packed, packed_sz) -- pack's buffer is the program's to free (ASan's leak check)
	local a, b = skynet.genid(), skynet.genid()
	log("genid", math.type(a), b - a)
	skynet.sleep(20)
	skynet.abort()
end)
