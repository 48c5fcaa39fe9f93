-- main: the caller. Sends one message, makes three calls, and redirects one packet-like message to the server.
local skynet = require "skynet"

-- To send PTYPE_CLIENT messages, main must know the protocol's name too.
skynet.register_protocol { name = "client", id = skynet.PTYPE_CLIENT }

skynet.start(function()
	local server = skynet.newservice("server")

	-- lesson 04.1: send pushes a message with session 0 and returns at once: nobody will answer
	skynet.send(server, "lua", "note", "a send")

	-- lesson 04.2: call takes a fresh session and suspends this coroutine until a RESPONSE carries it back
	local sum = skynet.call(server, "lua", "add", 1, 2)
	skynet.error("main: add returned " .. sum)

	-- lesson 04.4: the server keeps our session and answers later, from another coroutine
	local later = skynet.call(server, "lua", "later")
	skynet.error("main: later returned " .. later)

	-- lesson 04.5: a message whose session is not a request (as the gate uses the fd): the server ignores it with ignoreret
	skynet.redirect(server, skynet.self(), "client", 42, "packet for fd 42")

	-- lesson 04.6: the server raises; an ERROR message carries our session back and our call raises here
	local ok, err = pcall(skynet.call, server, "lua", "fail")
	skynet.error("main caught: " .. tostring(ok) .. " " .. tostring(err))

	skynet.send(server, "lua", "bye")
	skynet.exit()
end)
