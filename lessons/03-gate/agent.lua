-- agent: serves one client of the gate; this one sends every packet straight back.
local skynet = require "skynet"
local netpack = require "skynet.netpack"
-- The agent only writes: the gate reads for it. socketdriver.send is what
-- socket.write is, without loading skynet.socket's reading machinery, which
-- would cost some 30 KiB more in each agent, that is in each connection.
local driver = require "skynet.socketdriver"

local client_fd

-- The gate redirects each packet here as PTYPE_CLIENT. The message's session
-- is the client's fd, not a request: nobody waits for an answer.
skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(fd, _, packet)
		skynet.ignoreret()
		driver.send(fd, netpack.pack(packet))
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
