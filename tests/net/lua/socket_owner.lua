-- socket_owner: a service holding a listener and a connection, for test_socket_extras to end or kill.
local skynet = require "skynet"
local socket = require "skynet.socket"

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, port)
		if cmd == "hold" then
			-- A listener of its own, and a connection to the tester's port.
			local lid, _, lport = socket.listen("127.0.0.1", 0)
			socket.start(lid, function(fd) socket.close_fd(fd) end)
			assert(socket.open("127.0.0.1", port))
			skynet.ret(skynet.pack(lport))
		elseif cmd == "exit" then
			skynet.ret(skynet.pack(true))
			skynet.exit()
		end
	end)
end)
