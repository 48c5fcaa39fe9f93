-- gate_bare: a gate on snax.gateserver with only connect and message: a command it has no handler for, a client
-- leaving (no disconnect handler), open answering nothing (no open handler), close twice (once the
-- listener's close came back). Open after close is left out: skynet's fails indexing its nil listen_context,
-- ours listens again, on purpose.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "gate" then
	local gateserver = require "snax.gateserver"
	local netpack = require "skynet.netpack"
	gateserver.start {
		connect = function(fd, addr)
			log("gate connect", type(fd), (addr:gsub(":%d+$", ":PORT")))
			gateserver.openclient(fd)
		end,
		message = function(fd, msg, sz)
			log("gate message", netpack.tostring(msg, sz))
		end,
	}
	return
end

local socket = require "skynet.socket"

local function short(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, v, ...
end

skynet.start(function()
	local gate = skynet.newservice(SERVICE_NAME, "gate")
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	log("open", short(pcall(skynet.call, gate, "lua", "open", { address = "127.0.0.1", port = port, backlog = 4 })))
	log("command", short(pcall(skynet.call, gate, "lua", "nosuch", 1)))
	local c = socket.open("127.0.0.1", port)
	socket.write(c, string.pack(">s2", "hi"))
	skynet.sleep(5)
	socket.close(c)
	skynet.sleep(5)
	log("close", short(pcall(skynet.call, gate, "lua", "close")))
	skynet.sleep(5)
	log("close again", short(pcall(skynet.call, gate, "lua", "close")))
	skynet.sleep(20)
	skynet.abort()
end)
