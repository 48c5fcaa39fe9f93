-- gate_agent_close: skynet's gate forwarding to a slow agent while the client writes three packets and closes:
-- the agent still gets each packet, the watchdog gets close; then kick and forward of the fd that closed.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...

if mode == "agent" then
	skynet.register_protocol { name = "client", id = skynet.PTYPE_CLIENT, unpack = skynet.tostring }
	skynet.start(function()
		skynet.dispatch("client", function(_, _, msg)
			skynet.sleep(3) -- slow: the close overtakes the packets still queued here
			skynet.error("agent got", msg)
		end)
	end)
	return
elseif mode == "wd" then
	local gate, agent
	local closed = {}
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, sub, fd, ...)
			if cmd == "socket" then
				skynet.error("wd", sub, ...)
				if sub == "open" then
					skynet.call(gate, "lua", "forward", fd, nil, agent)
				elseif sub == "close" then
					closed[#closed + 1] = fd
				end
			elseif cmd == "start" then
				gate, agent = sub, fd
				skynet.retpack(true)
			elseif cmd == "closed" then
				skynet.retpack(closed[1])
			end
		end)
	end)
	return
end

local function short(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, v, ...
end

skynet.start(function()
	local log = skynet.error
	local wd = skynet.newservice(SERVICE_NAME, "wd")
	local agent = skynet.newservice(SERVICE_NAME, "agent")
	local gate = skynet.newservice("gate")
	skynet.call(wd, "lua", "start", gate, agent)
	local _, port = skynet.call(gate, "lua", "open", { address = "127.0.0.1", port = 0, watchdog = wd })
	local c = socket.open("127.0.0.1", port)
	skynet.sleep(5)
	socket.write(c, string.pack(">s2", "p1") .. string.pack(">s2", "p2") .. string.pack(">s2", "p3"))
	socket.close(c)
	skynet.sleep(30)
	local fd = skynet.call(wd, "lua", "closed")
	log("kick closed", short(pcall(skynet.call, gate, "lua", "kick", fd)))
	log("forward closed", short(pcall(skynet.call, gate, "lua", "forward", fd)))
	skynet.sleep(20)
	skynet.abort()
end)
