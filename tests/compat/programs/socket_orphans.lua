-- socket_orphans: sockets whose owning service exits: a listener and an accepted connection left open by a service that calls skynet.exit; whether a new connect to the listener succeeds afterwards and what the old connection's peer sees.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local mode = ...
local log = skynet.error

if mode == "owner" then
	skynet.start(function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		local accepted = {}
		socket.start(lid, function(id) accepted[#accepted + 1] = id socket.start(id) end)
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "port" then
				skynet.retpack(port)
			elseif cmd == "accepted" then
				skynet.retpack(#accepted)
			elseif cmd == "exit" then
				skynet.retpack("exiting")
				skynet.exit()
			end
		end)
	end)
	return
end

skynet.start(function()
	local owner = skynet.newservice(SERVICE_NAME, "owner")
	local port = skynet.call(owner, "lua", "port")
	local c1 = socket.open("127.0.0.1", port)
	for _ = 1, 100 do
		if skynet.call(owner, "lua", "accepted") == 1 then break end
		skynet.sleep(1)
	end
	log("owner accepted", skynet.call(owner, "lua", "accepted"))
	log("owner says", skynet.call(owner, "lua", "exit"))
	-- its sockets close as its state is closed, a moment after its exit:
	-- wait (bounded) until a connect is refused and the old connection ends
	local refused = false
	for _ = 1, 100 do
		local c2 = socket.open("127.0.0.1", port)
		if not c2 then refused = true break end
		socket.close(c2)
		skynet.sleep(1)
	end
	log("a connect after the owner exited is refused", refused)
	local ended = false
	for _ = 1, 100 do
		if socket.disconnected(c1) then ended = true break end
		skynet.sleep(1)
	end
	log("the old connection ended", ended)
	socket.close(c1)
	skynet.sleep(20)
	skynet.abort()
end)
