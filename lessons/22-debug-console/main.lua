-- main: lesson 22's first service: starts a worker and a debug console, then types commands into the console itself.
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

-- A port that was free a moment ago (config console_port = 0 or unset).
local function free_port()
	local id, _, port = socket.listen("127.0.0.1", 0)
	socket.close(id)
	return port
end

-- Send one command line and log the reply, up to <CMD OK> or <CMD Error>.
local function console(id, line)
	socket.write(id, line .. "\n")
	local reply = {}
	repeat
		local text = assert(socket.readline(id, "\n"), "the console closed the connection")
		reply[#reply + 1] = text
	until text == "<CMD OK>" or text == "<CMD Error>"
	skynet.error("console> " .. line .. "\n" .. table.concat(reply, "\n"))
end

skynet.start(function()
	local worker = skynet.newservice("worker")
	local port = tonumber(skynet.getenv "console_port") or 0
	if port == 0 then
		port = free_port()
	end
	local dc = skynet.newservice("debug_console", port)
	if skynet.getenv("stay") == "yes" then
		skynet.error("the console stays open: nc 127.0.0.1 " .. port)
		return
	end

	local id = assert(socket.open("127.0.0.1", port))
	skynet.error("greeting: " .. socket.readline(id, "\n"))
	local w = skynet.address(worker)
	console(id, "list")          -- the launcher's list of services
	console(id, "stat")          -- every service's message count, queue length and waiting coroutines
	console(id, "task " .. w)    -- the worker's suspended coroutines, with their tracebacks
	console(id, "info " .. w)    -- what the worker's info_func answers
	console(id, "mem")           -- every service's Lua heap
	console(id, "bogus")         -- an unknown command: one error line, the connection stays
	console(id, "ping " .. w)    -- still answered on the same connection
	socket.close(id)

	skynet.kill(dc)
	skynet.send(worker, "lua", "bye")
	skynet.exit()
end)
