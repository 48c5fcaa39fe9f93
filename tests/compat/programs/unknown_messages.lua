-- unknown_messages: messages nobody expects: a response to a session nobody waits for, requests of
-- protocols the receiver never registered (with and without a session), an answer to a caller that
-- gave up, skynet.dispatch_unknown_request/response, a redirect of an unregistered protocol.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
if mode == "target" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "late" then skynet.sleep(30) skynet.ret(skynet.pack("late answer")) return end
			if session ~= 0 then skynet.ret(skynet.pack("ok")) end
		end)
	end)
else
	skynet.start(function()
		skynet.error("redirect unregistered", pcall(skynet.redirect, skynet.self(), skynet.self(), "client", 0, "x"))
		skynet.register_protocol { name = "client", id = skynet.PTYPE_CLIENT }
		local t = skynet.newservice(SERVICE_NAME, "target")
		-- a response for a session nobody waits for
		skynet.redirect(t, skynet.self(), "response", 12345, skynet.pack("stray"))
		skynet.sleep(2)
		-- a request of a protocol the target never registered (client)
		skynet.redirect(t, skynet.self(), "client", 0, "hello client")
		skynet.sleep(2)
		skynet.redirect(t, skynet.self(), "client", 77, "with session")
		skynet.sleep(2)
		-- text protocol, not registered here
		skynet.error("send text", pcall(skynet.send, t, "text", "some text"))
		skynet.error("call text", pcall(skynet.call, t, "text", "some text"))
		skynet.error("dispatch text", pcall(skynet.dispatch, "text", print))
		skynet.error("dispatch text, no function", skynet.dispatch("text"))
		skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = function(...) return ... end }
		skynet.send(t, "text", "some text")
		skynet.sleep(2)
		-- a request whose caller gave up
		local co
		skynet.fork(function()
			co = coroutine.running()
			skynet.error("late call", pcall(skynet.call, t, "lua", "late"))
		end)
		skynet.sleep(2)
		skynet.killthread(co)
		skynet.sleep(40)
		-- a custom unknown handler
		skynet.dispatch_unknown_request(function(session, address, msg, sz, prototype)
			skynet.error("custom unknown", prototype, skynet.tostring(msg, sz))
		end)
		skynet.redirect(skynet.self(), t, "client", 0, "to me")
		skynet.sleep(2)
		skynet.error("prev handler", type(skynet.dispatch_unknown_response(function(session, address, msg, sz)
			skynet.error("custom unknown response", session, skynet.tostring(msg, sz))
		end)))
		skynet.redirect(skynet.self(), t, "response", 999, "raw stray")
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
