-- agent: serves one client of the gate; this one sends every packet straight back.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"

local client_fd

-- The gate redirects each packet here as PTYPE_CLIENT. The message's session
-- is the client's fd, not a request: nobody waits for an answer.
skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(fd, _, packet)
		skynet.ignoreret()
		socket.write(fd, netpack.pack(packet))
	end,
}

local CMD = {}

function CMD.start(conf)
	client_fd = conf.client
	skynet.call(conf.gate, "lua", "forward", client_fd)
end

function CMD.disconnect()
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], "agent: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(f(...)))
	end)
end)
