-- socket_transfer: listen/accept in one service, socket.abandon and socket.start hand a connection to another; reads, writes, closes.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, id)
			socket.start(id)
			log("worker reads", socket.readline(id))
			socket.write(id, "worker got it\n")
			log("worker reads 3", socket.read(id, 3))
			log("worker reads rest", socket.read(id))
			log("worker after close", socket.read(id))
			log("worker invalid", socket.invalid(id))
			skynet.ret(skynet.pack("done"))
		end)
	end)
elseif mode == "acceptor" then
	skynet.start(function()
		local worker = skynet.newservice(SERVICE_NAME, "worker")
		skynet.dispatch("lua", function()
			local id, addr, port = socket.listen("127.0.0.1", 0)
			log("listen gives", type(id), addr, type(port))
			socket.start(id, function(fd, from)
				log("accepted from", (from:gsub(":%d+$", ":PORT")))
				socket.start(fd)
				log("acceptor reads", socket.readline(fd))
				socket.abandon(fd)
				log("handed over", skynet.call(worker, "lua", fd))
				socket.close(id)
			end)
			skynet.ret(skynet.pack(port))
		end)
	end)
else
	skynet.start(function()
		local acceptor = skynet.newservice(SERVICE_NAME, "acceptor")
		local port = skynet.call(acceptor, "lua")
		local fd = socket.open("127.0.0.1", port)
		skynet.sleep(2) -- the acceptor logs the accept first
		log("client connected", type(fd))
		socket.write(fd, "to the acceptor\n")
		skynet.sleep(5)
		socket.write(fd, "to the worker\n")
		log("client reads", socket.readline(fd))
		socket.write(fd, "abcdefg")
		skynet.sleep(5)
		socket.close(fd)
		skynet.sleep(10)
		log("connect refused", socket.open("127.0.0.1", port))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
