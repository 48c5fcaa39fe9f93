-- netpack_filter: skynet.netpack used directly under a socket protocol of one's own (what snax.gateserver does
-- inside): socketdriver.listen/start, netpack.filter's "init", "open", "data", "more" (several packets in one read, taken
-- with netpack.pop), "close", "error"; a packet split across reads, a zero-length packet, a 2-byte header cut in two,
-- netpack.tostring and skynet.trash of each packet, netpack.clear of the queue.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local netpack = require "skynet.netpack"
local driver = require "skynet.socketdriver"
local socket -- the client side, through skynet.socket, is in another service
local log = skynet.error
local mode = ...

if mode == "client" then
	socket = require "skynet.socket"
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, port)
			local c = socket.open("127.0.0.1", port)
			socket.write(c, string.pack(">s2", "single"))
			skynet.sleep(5)
			socket.write(c, string.pack(">s2", "m1") .. string.pack(">s2", "m2") .. string.pack(">s2", "") .. string.pack(">s2", "m4"))
			skynet.sleep(5)
			local big = string.pack(">s2", string.rep("z", 3000))
			socket.write(c, big:sub(1, 1000))
			skynet.sleep(5)
			socket.write(c, big:sub(1001))
			skynet.sleep(5)
			socket.write(c, "\0")
			skynet.sleep(5)
			socket.write(c, "\3abc" .. string.pack(">s2", "after"))
			skynet.sleep(5)
			socket.write(c, string.pack(">s2", "tail") .. "\0\9par")
			skynet.sleep(5)
			socket.close(c)
			skynet.sleep(5)
			skynet.ret(skynet.pack(true))
		end)
	end)
	return
end

local queue
local listen_id
local waiting
local listen_port

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	unpack = function(msg, sz)
		return netpack.filter(queue, msg, sz)
	end,
	dispatch = function(_, _, q, typ, ...)
		queue = q
		if typ == nil then return end
		if typ == "init" then
			local fd, addr, port = ...
			log("init", fd == listen_id, addr, type(port))
			listen_port = port
			skynet.wakeup(waiting)
		elseif typ == "open" then
			local fd, addr = ...
			log("open", type(fd), addr and addr:match("^127%.0%.0%.1:") ~= nil)
			driver.start(fd)
		elseif typ == "data" then
			local fd, msg, sz = ...
			log("data", sz, netpack.tostring(msg, sz):sub(1, 12))
		elseif typ == "more" then
			local n = 0
			for fd, msg, sz in netpack.pop, queue do
				n = n + 1
				log("more", n, sz, netpack.tostring(msg, sz))
			end
		elseif typ == "close" then
			log("close")
		elseif typ == "error" then
			local fd, why = ...
			log("error", why)
		else
			log("other", typ)
		end
	end,
}

skynet.start(function()
	listen_id = driver.listen("127.0.0.1", 0)
	waiting = coroutine.running()
	skynet.wait(waiting)
	local port = listen_port
	driver.start(listen_id)
	log("queue before", queue == nil)
	local client = skynet.newservice(SERVICE_NAME, "client")
	skynet.call(client, "lua", port)
	log("pop empty", netpack.pop(queue))
	log("clear", pcall(netpack.clear, queue))
	driver.close(listen_id)
	skynet.sleep(5)
	skynet.abort()
end)
