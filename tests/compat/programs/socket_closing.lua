-- socket_closing: a peer that writes then closes (readall takes everything), a peer that shuts down only
-- its sending half, socket.block woken by a close, socket.disconnected/invalid at each stage, abandon of an
-- open socket (then the peer's bytes are dropped with a log line), and shutdown of the listening side.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

local function serve(lid, handler)
	local done = false
	socket.start(lid, function(id)
		socket.start(id)
		skynet.fork(function()
			handler(id)
			done = true
		end)
	end)
	return function()
		for _ = 1, 300 do
			if done then return end
			skynet.sleep(1)
		end
		log("handler did not finish")
	end
end

skynet.start(function()
	-- 1: the peer writes twice, then closes once told; readall collects it all
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local wait = serve(lid, function(id)
		log("s1 disconnected open", socket.disconnected(id), socket.invalid(id))
		socket.write(id, "go\n")
		log("s1 readall", socket.readall(id))
		log("s1 disconnected after", socket.disconnected(id), socket.invalid(id))
		log("s1 read after", socket.read(id))
		log("s1 readall again", socket.readall(id))
		socket.close(id)
		log("s1 after close", socket.invalid(id), socket.disconnected(id))
	end)
	local c = socket.open("127.0.0.1", port)
	socket.write(c, "part one,")
	socket.write(c, "part two")
	log("c1 told", socket.readline(c))
	socket.close(c)
	wait()
	socket.close(lid)

	-- 2: block waits for data, then for the close
	lid, _, port = socket.listen("127.0.0.1", 0)
	wait = serve(lid, function(id)
		log("s2 block data", socket.block(id))
		log("s2 read", socket.read(id))
		socket.write(id, "ok\n")
		log("s2 block close", socket.block(id))
		log("s2 block closed", socket.block(id))
		log("s2 read closed", socket.read(id))
		socket.close(id)
	end)
	c = socket.open("127.0.0.1", port)
	socket.write(c, "ping")
	log("c2 answer", socket.readline(c))
	socket.close(c)
	wait()
	socket.close(lid)

	-- 3: the server writes and shuts its socket down; the client reads what came first, then the close
	lid, _, port = socket.listen("127.0.0.1", 0)
	local c3_done = false
	wait = serve(lid, function(id)
		socket.write(id, "bye now")
		socket.shutdown(id)
		log("s3 after shutdown", socket.invalid(id), socket.disconnected(id))
		for _ = 1, 300 do
			if c3_done then break end
			skynet.sleep(1)
		end
		log("s3 read", socket.read(id))
		log("s3 disconnected", socket.disconnected(id))
		socket.close(id)
	end)
	c = socket.open("127.0.0.1", port)
	log("c3 read 3", socket.read(c, 3))
	log("c3 readall", socket.readall(c))
	log("c3 disconnected", socket.disconnected(c))
	c3_done = true
	socket.close(c)
	wait()
	socket.close(lid)

	-- 4: abandon an open socket: the service forgets it, bytes that come later are dropped with a line
	lid, _, port = socket.listen("127.0.0.1", 0)
	local dropped = false
	local error = skynet.error
	skynet.error = function(msg, ...)
		if type(msg) == "string" and msg:find("drop package", 1, true) then
			dropped = true
			msg = msg:gsub("%d+$", "N")
		end
		return error(msg, ...)
	end
	wait = serve(lid, function(id)
		log("s4 first", socket.readline(id))
		socket.abandon(id)
		log("s4 abandoned", socket.invalid(id), socket.disconnected(id))
		log("s4 abandon again", socket.abandon(id))
		log("s4 read after", pcall(socket.read, id))
		-- still open in the driver: a write goes out
		socket.write(id, "go\n")
	end)
	c = socket.open("127.0.0.1", port)
	socket.write(c, "hello\n")
	log("c4 told", socket.readline(c))
	socket.write(c, "late bytes")
	for _ = 1, 300 do
		if dropped then break end
		skynet.sleep(1)
	end
	skynet.error = error
	wait()
	socket.close(c)
	socket.close(lid)
	log("shutdown unknown", socket.shutdown(4242))
	log("abandon unknown", socket.abandon(4242))
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
