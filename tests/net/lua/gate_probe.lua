-- gate_probe: gates under test, and a line protocol that lets an outside test look inside.
-- * lesson 03's watchdog (a skynet-style watchdog: one agent per connection)
--   runs a gate on the config's port;
-- * a second gate, whose watchdog is this service, holds every connection
--   without forwarding it (so its sockets are never started) and counts what it
--   hears; it listens on a free port, with maxclient = 9 (skynet's gate
--   serves maxclient - 1: 8 clients);
-- * a control port answers one line per command:
--     services   the number of live services (the launcher's list)
--     opens      "open" reports of the holding gate
--     closes     "close" and "error" reports of the holding gate
-- Ready line: "gate_probe ready hold=<port> control=<port>".
local skynet = require "skynet"
local socket = require "skynet.socket"

local opens, closes = 0, 0

local COMMANDS = {}

function COMMANDS.services()
	local n = 0
	for _ in pairs(skynet.call(".launcher", "lua", "LIST")) do
		n = n + 1
	end
	return n
end

function COMMANDS.opens()
	return opens
end

function COMMANDS.closes()
	return closes
end

local function serve_control(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			break
		end
		local f = COMMANDS[line]
		socket.write(fd, (f and tostring(f()) or "unknown command") .. "\n")
	end
	socket.close(fd)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, sub)
		-- the holding gate's reports: lua sends, no answer
		if cmd == "socket" then
			if sub == "open" then
				opens = opens + 1
			elseif sub == "close" or sub == "error" then
				closes = closes + 1
			end
		end
	end)
	local port = assert(tonumber(skynet.getenv("port")), "config: port")
	local watchdog = skynet.newservice("watchdog")
	skynet.call(watchdog, "lua", "start", {
		address = "127.0.0.1", port = port, backlog = 1024, maxclient = 4096, nodelay = true,
	})
	local hold = skynet.newservice("gate")
	local _, hold_port = skynet.call(hold, "lua", "open", {
		address = "127.0.0.1", port = 0, maxclient = 9, watchdog = skynet.self(),
	})
	local control, _, control_port = socket.listen("127.0.0.1", 0)
	socket.start(control, function(fd)
		skynet.fork(serve_control, fd)
	end)
	skynet.error(string.format("gate_probe ready hold=%d control=%d", hold_port, control_port))
end)
