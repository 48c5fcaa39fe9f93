-- client: sends three datagrams back to back and waits for the three answers, each one whole.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager"

local port = tonumber((...))
local answers, waiting = {}, nil

skynet.start(function()
	local udp = socket.udp(function(data, from)
		answers[#answers + 1] = data
		skynet.error("client: got " .. data)
		if #answers == 3 and waiting then
			skynet.wakeup(waiting)
		end
	end)
	-- lesson 08.2: "connect" on UDP only sets where socket.write sends; no packet goes out, no one answers
	socket.udp_connect(udp, "127.0.0.1", port)
	-- Three writes back to back: over TCP they could arrive as one read (lesson 07);
	-- over UDP each is a datagram of its own, whole or not at all.
	for _, word in ipairs { "one", "two", "three" } do
		socket.write(udp, word)
	end
	if #answers < 3 then
		waiting = coroutine.running()
		-- A lost datagram would leave us here forever: UDP never says. Give up after 2 s.
		skynet.timeout(200, function()
			if waiting then
				skynet.error("client: gave up after 2 s with " .. #answers .. " answers: UDP does not resend")
				skynet.wakeup(waiting)
			end
		end)
		skynet.wait(waiting)
		waiting = nil
	end
	skynet.error("client: " .. #answers .. " answers")
	socket.close(udp)
	skynet.abort(0)
end)
