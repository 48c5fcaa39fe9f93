-- line_server: the line server channel_modes and channel_more drive their socketchannels against.
-- Launched by those programs (tests/compat), not a program itself: it has no golden.
local skynet = require "skynet"
local socket = require "skynet.socket"

-- A line server: "echo X" -> "X"; "late N X" answers "N X" after N ticks
-- (session mode: answers out of order); "close" closes the connection;
-- "fail" -> "ERR".
skynet.start(function()
	local id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		socket.start(fd)
		skynet.fork(function()
			while true do
				local line = socket.readline(fd, "\n")
				if not line then break end
				local cmd, rest = line:match("^(%S+)%s*(.*)$")
				if cmd == "echo" then
					socket.write(fd, rest .. "\n")
				elseif cmd == "late" then
					local n, s, text = rest:match("^(%d+) (%d+) (.*)$")
					skynet.fork(function()
						skynet.sleep(tonumber(n))
						socket.write(fd, s .. " " .. text .. "\n")
					end)
				elseif cmd == "auth" then
					socket.write(fd, (rest == "pw" and "OK" or "NO") .. "\n")
				elseif cmd == "close" then
					socket.close(fd)
					break
				else
					socket.write(fd, "ERR\n")
				end
			end
		end)
	end)
	skynet.dispatch("lua", function() skynet.retpack(port) end)
end)
