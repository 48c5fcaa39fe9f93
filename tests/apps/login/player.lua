-- player.lua: one logged-in user: answers its requests, leaves when kicked or when it says bye.
local skynet = require "skynet"
require "skynet.manager" -- skynet.abort

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
}

local uid = ...
local gate, subid
local served = 0

local CMD = {}

function CMD.enter(g, s)
	gate, subid = g, s
	skynet.error("player " .. uid .. " entered")
end

local function logout()
	skynet.call(gate, "lua", "logout", uid, subid)
	skynet.error("player " .. uid .. " left after " .. served .. " requests")
end

-- a kick: logged out before the answer, so the login server can log the user in again
CMD.leave = logout

function CMD.away()
	skynet.error("player " .. uid .. " away")
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, ...)
		local r = CMD[cmd](...)
		if session ~= 0 then
			skynet.ret(skynet.pack(r))
		end
		if cmd == "leave" then
			skynet.exit()
		end
	end)
	skynet.dispatch("client", function(_, _, msg)
		served = served + 1
		if msg == "bye" then
			skynet.ret("bye " .. uid)
			skynet.fork(function()
				logout()
				skynet.exit()
			end)
		elseif msg == "shutdown" then
			skynet.abort()
		else
			skynet.ret(string.format("%s:%d %s", uid, served, msg))
		end
	end)
end)
