-- my_gate: a gate of one's own on snax.gateserver (open, connect, message, disconnect, error, warning, a command), framed clients with split and merged packets, closeclient, a client that sends a bad length.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "gate" then
	local gateserver = require "snax.gateserver"
	local netpack = require "skynet.netpack"
	local socketdriver = require "skynet.socketdriver"
	local handler = {}
	local clients = {}
	local n = 0
	function handler.open(source, conf)
		log("gate open", conf.address, conf.maxclient, conf.nodelay)
		return "opened"
	end
	function handler.connect(fd, addr)
		n = n + 1
		clients[fd] = n
		log("gate connect", n, (addr:gsub(":%d+$", ":PORT")))
		gateserver.openclient(fd)
	end
	function handler.message(fd, msg, sz)
		local text = netpack.tostring(msg, sz)
		log("gate message", clients[fd], #text, text:sub(1, 16))
		if text == "bye" then
			gateserver.closeclient(fd)
		else
			socketdriver.send(fd, string.pack(">s2", "ack " .. #text))
		end
	end
	function handler.disconnect(fd)
		log("gate disconnect", clients[fd])
	end
	function handler.error(fd, msg)
		log("gate error", clients[fd], msg)
	end
	function handler.warning(fd, size)
		log("gate warning", clients[fd], size)
	end
	local CMD = {}
	function CMD.count()
		return n
	end
	function handler.command(cmd, source, ...)
		local f = assert(CMD[cmd], cmd)
		return f(...)
	end
	gateserver.start(handler)
	return
end

local socket = require "skynet.socket" -- not in the gate: gateserver has the socket protocol

local function read_frame(fd)
	local head = socket.read(fd, 2)
	if not head then return nil end
	return socket.read(fd, string.unpack(">I2", head))
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.close(lid)
	local gate = skynet.newservice(SERVICE_NAME, "gate")
	log("open returns", skynet.call(gate, "lua", "open", { address = "127.0.0.1", port = port, maxclient = 4, nodelay = true }))
	local c1 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c1, string.pack(">s2", "hello"))
	log("c1 reads", read_frame(c1))
	-- two packets in one write, then one packet in three writes
	socket.write(c1, string.pack(">s2", "one") .. string.pack(">s2", "two"))
	log("c1 reads", read_frame(c1), read_frame(c1))
	local split = string.pack(">s2", string.rep("s", 300))
	socket.write(c1, split:sub(1, 1))
	skynet.sleep(2)
	socket.write(c1, split:sub(2, 100))
	skynet.sleep(2)
	socket.write(c1, split:sub(101))
	log("c1 reads", read_frame(c1))
	-- a big packet (60000 bytes)
	socket.write(c1, string.pack(">s2", string.rep("b", 60000)))
	log("c1 reads", read_frame(c1))
	log("command", skynet.call(gate, "lua", "count"))
	log("unknown command", pcall(skynet.call, gate, "lua", "nosuch"))
	skynet.sleep(2)
	-- the gate closes this one
	socket.write(c1, string.pack(">s2", "bye"))
	log("c1 after bye", read_frame(c1))
	skynet.sleep(5)
	-- a client that closes itself
	local c2 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c2, string.pack(">s2", "from c2"))
	log("c2 reads", read_frame(c2))
	socket.close(c2)
	skynet.sleep(5)
	-- a client that stops halfway through a packet
	local c3 = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c3, "\0\50half")
	skynet.sleep(2)
	socket.close(c3)
	skynet.sleep(5)
	skynet.send(gate, "lua", "close")
	skynet.sleep(5)
	log("connect after close", socket.open("127.0.0.1", port))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
