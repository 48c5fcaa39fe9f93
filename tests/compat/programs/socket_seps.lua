-- socket_seps: socket.readline with the separators line protocols use and misuse: two bytes, one byte, a
-- separator split over two packets, an empty one, a number, one at the very start; a table as separator,
-- readline and read of an id never opened, and what is left when the peer closes without a separator.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local log = skynet.error

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local served = false
	local step = {}
	socket.start(lid, function(id)
		socket.start(id)
		skynet.fork(function()
			log("two bytes", socket.readline(id, "||"))
			log("one byte", socket.readline(id, "|"))
			log("two again", socket.readline(id, "||"))
			log("number sep", socket.readline(id, 5))
			log("at start", socket.readline(id, "xyz") == "")
			log("empty sep", socket.readline(id, "") == "")
			log("after empty", socket.readline(id, "\n"))
			log("table sep", pcall(socket.readline, id, {}))
			socket.write(id, "ready\n")
			-- the client now sends "ab-" then, once told, "-cd--": "--" straddles the packets
			log("split sep", socket.readline(id, "--"))
			log("rest sep", socket.readline(id, "--"))
			socket.write(id, "more\n")
			log("no sep left", socket.readline(id, "\n"))
			log("readline closed", socket.readline(id, "\n"))
			socket.close(id)
			served = true
		end)
	end)
	local c = socket.open("127.0.0.1", port)
	socket.write(c, "one||two|three||rest5xyzline\n")
	log("client got", socket.readline(c, "\n"))
	socket.write(c, "ab-")
	skynet.sleep(5)
	socket.write(c, "-cd--")
	log("client got", socket.readline(c, "\n"))
	socket.write(c, "tail without newline")
	socket.close(c)
	for _ = 1, 200 do
		if served then break end
		skynet.sleep(1)
	end
	log("readline unknown", pcall(socket.readline, 4242, "\n"))
	log("read unknown", pcall(socket.read, 4242, 3))
	log("readall unknown", pcall(socket.readall, 4242))
	log("invalid unknown", socket.invalid(4242))
	log("disconnected unknown", socket.disconnected(4242))
	log("block unknown", socket.block(4242))
	socket.close(lid)
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
