-- main: the lesson's first service: starts a pong service and calls it three times.
local skynet = require "skynet"
require "skynet.manager"

skynet.start(function()
	skynet.error("hello from", skynet.address(skynet.self()))
	local pong = skynet.newservice("pong")
	for i = 1, 3 do
		-- lesson 01.2: call suspends this coroutine until pong answers
		local reply = skynet.call(pong, "lua", "ping", i)
		skynet.error("main got", reply)
	end
	skynet.send(pong, "lua", "bye")
	skynet.exit()
end)
