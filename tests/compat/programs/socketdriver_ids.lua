-- socketdriver_ids: socket calls on ids that were never opened or are already closed, as a service that
-- keeps stale fds does: socket.start of a stale id (the error answer), write/lwrite/close/shutdown/
-- nodelay of unknown ids, close_fd of a live socket, socket.start of a socket twice, writes of numbers,
-- and the driver's own argument checks (start of a string, close of nothing).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local driver = require "skynet.socketdriver"
local log = skynet.error

local function try(what, f, ...)
	log(what, pcall(f, ...))
end

skynet.start(function()
	log("start never opened", socket.start(4242))
	log("write never opened", socket.write(4242, "x"))
	log("lwrite never opened", socket.lwrite(4242, "x"))
	log("close never opened", socket.close(4242))
	log("shutdown never opened", socket.shutdown(4242))
	try("nodelay never opened", driver.nodelay, 4242)
	try("close_fd never opened", socket.close_fd, 4242)

	local lid, _, port = socket.listen("127.0.0.1", 0)
	local server_id
	local got = false
	socket.start(lid, function(id)
		server_id = id
		log("accepted once", socket.start(id) == id)
		try("start again", socket.start, id)
		log("line", socket.readline(id))
		got = true
	end)
	local c = socket.open("127.0.0.1", port)
	socket.write(c, "first\n")
	for _ = 1, 300 do
		if got then break end
		skynet.sleep(1)
	end
	try("close_fd of live", socket.close_fd, c)
	socket.close(c)
	socket.close(server_id)
	log("write closed", socket.write(c, "x"))
	log("lwrite closed", socket.lwrite(c, "x"))
	log("close closed", socket.close(c))
	log("start closed", socket.start(c))
	log("invalid closed", socket.invalid(c), socket.invalid(server_id))

	try("write number", socket.write, 4242, 12)
	try("start string", driver.start, "x")
	try("close nil", driver.close)
	try("write table of numbers", socket.write, 4242, { 1, 2 })
	socket.close(lid)
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
