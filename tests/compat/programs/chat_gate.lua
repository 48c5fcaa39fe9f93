-- chat_gate: a watchdog + gate + one agent per client chat room, driven by two TCP clients (2-byte length framing).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local mode = ...
local log = skynet.error

if mode == "agent" then
	local watchdog, gate, client_fd, name
	skynet.register_protocol {
		name = "client",
		id = skynet.PTYPE_CLIENT,
		unpack = skynet.tostring,
		dispatch = function(_, _, text)
			log("agent", name, "heard", text)
			skynet.send(watchdog, "lua", "broadcast", name, text)
		end,
	}
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "start" then
				gate, client_fd, watchdog, name = ...
				skynet.call(gate, "lua", "forward", client_fd)
				skynet.ret(skynet.pack(true))
			elseif cmd == "say" then
				local text = ...
				socket.write(client_fd, string.pack(">s2", text))
			elseif cmd == "disconnect" then
				log("agent", name, "exits")
				skynet.exit()
			end
		end)
	end)
elseif mode == "watchdog" then
	local gate
	local agents = {} -- fd -> agent
	local order = {}
	local SOCKET = {}
	function SOCKET.open(fd, addr)
		local n = #order + 1
		order[n] = fd
		log("watchdog: open", n, (addr:gsub(":%d+$", ":PORT")))
		local agent = skynet.newservice(SERVICE_NAME, "agent")
		agents[fd] = agent
		skynet.call(agent, "lua", "start", gate, fd, skynet.self(), "user" .. n)
	end
	function SOCKET.close(fd)
		log("watchdog: close", agents[fd] ~= nil)
		local agent = agents[fd]
		agents[fd] = nil
		if agent then skynet.send(agent, "lua", "disconnect") end
	end
	function SOCKET.error(fd, msg) log("watchdog: error", msg) SOCKET.close(fd) end
	function SOCKET.warning(fd, size) log("watchdog: warning", size) end
	function SOCKET.data(fd, msg) log("watchdog: data not forwarded", msg) end
	local CMD = {}
	function CMD.start(conf)
		skynet.call(gate, "lua", "open", conf)
	end
	function CMD.broadcast(from, text)
		for _, fd in ipairs(order) do
			local agent = agents[fd]
			if agent then skynet.send(agent, "lua", "say", from .. ": " .. text) end
		end
	end
	function CMD.kick(n)
		skynet.call(gate, "lua", "kick", order[n])
	end
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, subcmd, ...)
			if cmd == "socket" then
				SOCKET[subcmd](...)
			else
				local r = CMD[cmd](subcmd, ...)
				if session ~= 0 then skynet.ret(skynet.pack(r)) end
			end
		end)
		gate = skynet.newservice("gate")
	end)
else
	local function read_frame(fd)
		local head = socket.read(fd, 2)
		if not head then return nil end
		return socket.read(fd, string.unpack(">I2", head))
	end
	skynet.start(function()
		-- a port free now, for the gate (it binds its own)
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid)
		local watchdog = skynet.newservice(SERVICE_NAME, "watchdog")
		skynet.call(watchdog, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 8, nodelay = true })
		local c1 = socket.open("127.0.0.1", port)
		skynet.sleep(10)
		local c2 = socket.open("127.0.0.1", port)
		skynet.sleep(10)
		socket.write(c1, string.pack(">s2", "hello room"))
		log("client 1 reads", read_frame(c1))
		log("client 2 reads", read_frame(c2))
		socket.write(c2, string.pack(">s2", "hi") .. string.pack(">s2", "twice"))
		for _ = 1, 2 do log("client 1 reads", read_frame(c1)) end
		skynet.sleep(10)
		skynet.call(watchdog, "lua", "kick", 1)
		skynet.sleep(10) -- the watchdog and the agent log the close first
		log("client 1 after kick", read_frame(c1))
		socket.close(c2)
		skynet.sleep(10)
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
