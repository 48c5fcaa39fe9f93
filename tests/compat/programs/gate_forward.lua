-- gate_forward: skynet's gate forwarding a client to an agent (the client protocol, with and without a client address),
-- ten packets in one TCP write (netpack's queue of more than one), a 65535-byte packet, a packet dribbled a byte at a
-- time, forward of an unknown fd, accept taking a client back from its agent, kick, and a second client after the first.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...
if mode == "agent" then
	skynet.register_protocol {
		name = "client",
		id = skynet.PTYPE_CLIENT,
		unpack = skynet.tostring,
	}
	skynet.start(function()
		local count, bytes = 0, 0
		skynet.dispatch("client", function(session, source, msg)
			count = count + 1
			bytes = bytes + #msg
			if count <= 2 or #msg > 100 or msg:sub(1, 1) == "d" then
				skynet.error("agent got", session, #msg, msg:sub(1, 10))
			end
		end)
		skynet.dispatch("lua", function(session, source, cmd)
			skynet.ret(skynet.pack(count, bytes))
		end)
	end)
elseif mode == "wd" then
	local gate
	local fds = {}
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, sub, ...)
			if cmd == "socket" then
				local fd, msg = ...
				if sub == "data" then
					skynet.error("wd data", #msg, msg:sub(1, 10))
				else
					skynet.error("wd socket", sub)
				end
				if sub == "open" then fds[#fds + 1] = fd end
			elseif cmd == "start" then
				gate = skynet.newservice("gate")
				skynet.call(gate, "lua", "open", sub)
				skynet.ret(skynet.pack(gate))
			elseif cmd == "fd" then
				skynet.ret(skynet.pack(fds[sub]))
			end
		end)
	end)
else
	skynet.start(function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid)
		local wd = skynet.newservice(SERVICE_NAME, "wd")
		local agent = skynet.newservice(SERVICE_NAME, "agent")
		local gate = skynet.call(wd, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 8 })
		skynet.error("forward unknown", pcall(skynet.call, gate, "lua", "forward", 9999, skynet.self(), agent))
		local c = socket.open("127.0.0.1", port)
		skynet.sleep(5)
		local fd = skynet.call(wd, "lua", "fd", 1)
		skynet.error("accept", pcall(skynet.call, gate, "lua", "accept", fd))
		socket.write(c, string.pack(">s2", "to watchdog"))
		skynet.sleep(5)
		skynet.error("forward", pcall(skynet.call, gate, "lua", "forward", fd, skynet.self(), agent))
		local many = {}
		for i = 1, 10 do many[i] = string.pack(">s2", "p" .. i) end
		socket.write(c, table.concat(many))
		socket.write(c, string.pack(">s2", string.rep("B", 65535)))
		local dribble = string.pack(">s2", "dribbled")
		for i = 1, #dribble do
			socket.write(c, dribble:sub(i, i))
			skynet.sleep(1)
		end
		skynet.sleep(10)
		skynet.error("agent counts", skynet.call(agent, "lua", "count"))
		skynet.error("forward no client", pcall(skynet.call, gate, "lua", "forward", fd, nil, agent))
		socket.write(c, string.pack(">s2", "dnoclient"))
		skynet.sleep(5)
		skynet.error("accept back", pcall(skynet.call, gate, "lua", "accept", fd))
		socket.write(c, string.pack(">s2", "back to wd"))
		skynet.sleep(5)
		skynet.error("kick", pcall(skynet.call, gate, "lua", "kick", fd))
		skynet.sleep(5)
		skynet.error("client read after kick", socket.read(c))
		socket.close(c)
		local c2 = socket.open("127.0.0.1", port)
		skynet.sleep(5)
		local fd2 = skynet.call(wd, "lua", "fd", 2)
		skynet.error("second fd differs", fd2 ~= fd)
		skynet.error("forward second", pcall(skynet.call, gate, "lua", "forward", fd2, 0, agent))
		socket.write(c2, string.pack(">s2", "dsecond"))
		skynet.sleep(5)
		socket.close(c2)
		skynet.sleep(5)
		skynet.error("agent counts", skynet.call(agent, "lua", "count"))
		skynet.sleep(10)
		skynet.abort()
	end)
end
