-- cmaster: the harbor network's master: admits slaves, tells each who else is there, and keeps the global names.
--
-- Every node's cslave connects here and says hello ('H', its harbor id and
-- the address it listens on). The master tells the slaves already here to
-- connect to the newcomer ('C'), and the newcomer how many will ('W'). It
-- keeps the first address registered for each global name ('R'), tells every
-- slave of each registration ('N'), answers a slave's query ('Q') when it
-- knows the name, and tells everyone when a slave goes away ('D').
-- The packets are docs/wire-formats.md's "harbor"; the behaviour is skynet's.
local skynet = require "skynet"
local socket = require "skynet.socket"
local packet = require "skynet.harbor_packet"

local slave_node = {}  -- harbor id -> { fd = socket (0 once gone), addr = "ip:port" }
local global_name = {} -- name -> address

-- A peer that connects must say hello within this many centiseconds.
local HANDSHAKE_TIMEOUT = math.floor((tonumber(skynet.getenv "harbor_handshake_timeout") or 10) * 100)

local function broadcast(message)
	for _, node in pairs(slave_node) do
		if node.fd ~= 0 then
			socket.write(node.fd, message)
		end
	end
end

-- Tell the slaves here to connect to the newcomer, and the newcomer how many will.
local function report_slave(fd, slave_id, slave_addr)
	local message = packet.pack("C", slave_id, slave_addr)
	local n = 0
	for _, node in pairs(slave_node) do
		if node.fd ~= 0 then
			socket.write(node.fd, message)
			n = n + 1
		end
	end
	socket.write(fd, packet.pack("W", n))
end

local function handshake(fd)
	local t, slave_id, slave_addr = packet.read(fd, HANDSHAKE_TIMEOUT)
	assert(t == "H", "Invalid handshake type " .. tostring(t))
	assert(math.type(slave_id) == "integer" and slave_id > 0 and slave_id < 256,
		"Invalid slave id " .. tostring(slave_id))
	assert(type(slave_addr) == "string", "Invalid slave address " .. tostring(slave_addr))
	if slave_node[slave_id] then
		error(string.format("Slave %d already register on %s", slave_id, slave_node[slave_id].addr), 0)
	end
	report_slave(fd, slave_id, slave_addr)
	slave_node[slave_id] = { fd = fd, addr = slave_addr }
	return slave_id, slave_addr
end

local function dispatch_slave(fd)
	local t, name, address = packet.read(fd)
	if t == "R" then
		assert(type(name) == "string" and math.type(address) == "integer", "Invalid request")
		if not global_name[name] then
			global_name[name] = address
		end
		broadcast(packet.pack("N", name, address))
	elseif t == "Q" then
		local known = global_name[name]
		if known then
			socket.write(fd, packet.pack("N", name, known))
		end
	else
		skynet.error("Invalid slave message type " .. tostring(t))
	end
end

local function monitor_slave(slave_id, slave_address)
	local node = slave_node[slave_id]
	local fd = node.fd
	skynet.error(string.format("Harbor %d (fd=%d) report %s", slave_id, fd, slave_address))
	local ok, err
	repeat
		ok, err = pcall(dispatch_slave, fd)
	until not ok
	if err ~= "closed" then
		skynet.error(string.format("slave %d: %s", slave_id, tostring(err)))
	end
	skynet.error("slave " .. slave_id .. " is down")
	node.fd = 0
	broadcast(packet.pack("D", slave_id))
	socket.close(fd)
end

skynet.start(function()
	local master_addr = skynet.getenv "standalone"
	skynet.error("master listen socket " .. tostring(master_addr))
	local fd, host, port = socket.listen(master_addr)
	-- skyglass: a port 0 lets the OS choose a free one (skynet's master would
	-- listen there too, but nobody could find it). The address chosen is
	-- `standalone_address` in the environment, where this node's slave and
	-- a program that starts more nodes read it (lessons/32-harbor).
	skynet.setenv("standalone_address", string.format("%s:%d", host, port))
	socket.start(fd, function(id, addr)
		skynet.error("connect from " .. addr .. " " .. id)
		socket.start(id)
		local ok, slave, slave_addr = pcall(handshake, id)
		if ok then
			skynet.fork(monitor_slave, slave, slave_addr)
		else
			skynet.error(string.format("disconnect fd = %d, error = %s", id, slave))
			socket.close(id)
		end
	end)
end)
