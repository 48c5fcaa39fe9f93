-- msgagent: one user's agent. Requests arrive as raw "client" messages from the
-- gate; this one answers "echo: <request>" and counts them.
local skynet = require "skynet"

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
}

local gate
local userid, subid
local served = 0

local CMD = {}

function CMD.login(source, uid, sid, secret)
	skynet.error(string.format("%s is login", uid))
	gate = source
	userid, subid = uid, sid
end

function CMD.logout(source)
	skynet.error(string.format("%s is logout", userid))
	skynet.call(gate, "lua", "logout", userid, subid)
	skynet.exit()
end

function CMD.afk(source)
	skynet.error(string.format("AFK %s (%d requests served)", userid, served))
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, command, ...)
		skynet.ret(skynet.pack(CMD[command](source, ...)))
	end)
	skynet.dispatch("client", function(_, _, msg)
		served = served + 1
		skynet.ret("echo: " .. msg)
	end)
end)
