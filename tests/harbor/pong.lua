-- pong: the service each node of the harbor test offers under a global name; it answers, counts and calls on.
local skynet = require "skynet"
require "skynet.manager"

local notes = 0
local command = {}

function command.ping(x) return "pong", x, skynet.self() end
function command.note() notes = notes + 1 end
function command.count() return notes end
function command.echo(s) return s, #s end
function command.fail() error("pong was told to fail") end
-- Call a name or address on behalf of the caller (a call back across nodes).
function command.call(addr, ...) return skynet.call(addr, "lua", ...) end
-- Start another pong under a global name (on this node).
function command.register(name)
	local other = skynet.newservice("pong")
	skynet.name(name, other)
	return other
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(command[cmd], cmd)
		if session == 0 then
			return f(...)
		end
		skynet.ret(skynet.pack(f(...)))
	end)
end)
