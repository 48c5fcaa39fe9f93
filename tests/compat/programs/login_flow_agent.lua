-- login_flow_agent: one user's agent in login_flow: echoes requests (upper-cased), raises on "boom".
-- Run by tests/compat (login_flow_gated.lua starts it).
local skynet = require "skynet"

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
}

local gate
local userid, subid
local CMD = {}

function CMD.login(source, uid, sid)
	skynet.error(string.format("agent: %s is login (subid %s)", uid, sid))
	gate = source
	userid = uid
	subid = sid
end

function CMD.logout()
	skynet.error(string.format("agent: %s is logout", userid))
	if gate then
		skynet.call(gate, "lua", "logout", userid, subid)
	end
	skynet.exit()
end

function CMD.afk()
	skynet.error("agent: AFK", userid)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, command, ...)
		local f = assert(CMD[command])
		skynet.ret(skynet.pack(f(source, ...)))
	end)
	skynet.dispatch("client", function(_, _, msg)
		skynet.error("agent: request", userid, msg)
		if msg == "boom" then
			error("agent cannot do " .. msg)
		end
		skynet.sleep(2)
		skynet.ret(msg:upper())
	end)
end)
