-- server: answers add, says who asked, and exits on bye.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, a, b)
		if cmd == "add" then
			skynet.error(string.format("server: add from %s (session %d)", skynet.address(source), session))
			skynet.ret(skynet.pack(a + b))
		elseif cmd == "whoami" then
			skynet.error(string.format("server: whoami from %s (session %d)", skynet.address(source), session))
		elseif cmd == "bye" then
			skynet.exit()
		end
	end)
end)
