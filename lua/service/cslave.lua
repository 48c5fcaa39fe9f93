-- cslave: a node's harbor slave: joins the master, connects the harbor service to the other nodes, keeps the global names.
--
-- At start it listens on `address`, says hello to the master at `master`
-- and learns how many nodes already there will connect to it ('W n'); it
-- accepts those, then ("Shakehand ready") connects to each node that joins
-- later when the master says so ('C'). Every connection is checked (one
-- byte: the peer's harbor id) and handed to the C++ harbor service
-- (net/service_harbor.cpp), which carries the messages. Global names are
-- bound in the kernel's name registry, so a send to one finds the address
-- there; a message to a name not known yet is held here until the master
-- tells it ('N'). The packets are docs/wire-formats.md's "harbor".
local skynet = require "skynet"
local socket = require "skynet.socket"
local socketdriver = require "skynet.socketdriver"
local packet = require "skynet.harbor_packet"
require "skynet.manager"

local c = skynet._core
local slaves = {}        -- harbor id -> socket (handed to the harbor), false once gone
local connect_queue = {} -- harbor id -> address, told before we are ready (nil after)
local globalname = {}    -- name -> address
local queryname = {}     -- name -> responses of QUERYNAME callers waiting for it
local held = {}          -- name -> messages sent to it before it was known
local monitor = {}       -- harbor id -> responses waiting for it to connect or leave
local monitor_master_set = {} -- responses waiting for the master to leave
local harbor_service
local master_fd
local command = {}

local HANDSHAKE_TIMEOUT = math.floor((tonumber(skynet.getenv "harbor_handshake_timeout") or 10) * 100)

skynet.register_protocol {
	name = "harbor",
	id = skynet.PTYPE_HARBOR,
	pack = function(...) return ... end,
	unpack = skynet.tostring,
}

skynet.register_protocol {
	name = "text",
	id = skynet.PTYPE_TEXT,
	pack = function(...) return ... end,
	unpack = skynet.tostring,
}

local function monitor_clear(id)
	local list = monitor[id]
	monitor[id] = nil
	for _, resp in ipairs(list or {}) do
		resp(true)
	end
end

local function harbor_down(id)
	if slaves[id] then
		monitor_clear(id)
	end
	slaves[id] = false
end

-- A name is known: bind it in the registry, answer who waited, pass on what was held.
-- A name registered again elsewhere keeps its first address here, as the
-- registry does (skynet's slaves take the last one).
local function learn_name(name, address)
	address = globalname[name] or address
	globalname[name] = address
	c.command("GLOBALNAME", name .. " " .. skynet.address(address))
	local waiting = queryname[name]
	queryname[name] = nil
	for _, resp in ipairs(waiting or {}) do
		resp(true, address)
	end
	local messages = held[name]
	held[name] = nil
	for _, m in ipairs(messages or {}) do
		c.redirect(address, m.source, m.ptype, m.session, m.msg)
	end
end

local function connect_slave(slave_id, address)
	local ok, err = pcall(function()
		if slaves[slave_id] == nil then
			local fd = assert(socket.open(address), "Can't connect to " .. address)
			socketdriver.nodelay(fd)
			skynet.error(string.format("Connect to harbor %d (fd=%d), %s", slave_id, fd, address))
			slaves[slave_id] = fd
			monitor_clear(slave_id)
			socket.abandon(fd)
			skynet.send(harbor_service, "harbor", string.format("S %d %d", fd, slave_id))
		end
	end)
	if not ok then
		skynet.error(err)
	end
end

local function ready()
	local queue = connect_queue
	connect_queue = nil
	for id, address in pairs(queue) do
		connect_slave(id, address)
	end
end

local function monitor_master()
	while true do
		local ok, t, id_name, address = pcall(packet.read, master_fd)
		if not ok then
			if t ~= "closed" then
				skynet.error("Master sent a bad packet: " .. tostring(t))
			end
			skynet.error("Master disconnect")
			for _, resp in ipairs(monitor_master_set) do
				resp(true)
			end
			monitor_master_set = {}
			socket.close(master_fd)
			return
		end
		if t == "C" and math.type(id_name) == "integer" and type(address) == "string" then
			if connect_queue then
				connect_queue[id_name] = address
			else
				connect_slave(id_name, address)
			end
		elseif t == "N" and type(id_name) == "string" and math.type(address) == "integer" then
			learn_name(id_name, address)
		elseif t == "D" and math.type(id_name) == "integer" then
			harbor_down(id_name)
		else
			skynet.error("Invalid master message type " .. tostring(t))
		end
	end
end

-- A node that was there before us connects and says its harbor id (one byte).
local function accept_slave(fd)
	socket.start(fd)
	local ok, id = pcall(function()
		local done = false
		skynet.timeout(HANDSHAKE_TIMEOUT, function()
			if not done then socket.close(fd) end
		end)
		local byte = socket.read(fd, 1)
		done = true
		return byte
	end)
	if not ok or not id then
		skynet.error(string.format("Connection (fd =%d) closed before its harbor id", fd))
		socket.close(fd)
		return
	end
	id = string.byte(id)
	if id == 0 or slaves[id] ~= nil or id == tonumber(skynet.getenv "harbor") then
		skynet.error(string.format("Slave %d exist (fd =%d)", id, fd))
		socket.close(fd)
		return
	end
	slaves[id] = fd
	monitor_clear(id)
	socket.abandon(fd)
	skynet.error(string.format("Harbor %d connected (fd = %d)", id, fd))
	skynet.send(harbor_service, "harbor", string.format("A %d %d", fd, id))
	return true
end

function command.REGISTER(name, handle)
	assert(globalname[name] == nil)
	learn_name(name, handle)
	socket.write(master_fd, packet.pack("R", name, handle))
end

function command.QUERYNAME(name)
	if name:byte() == 46 then -- ".": a local name
		return skynet.ret(skynet.pack(skynet.localname(name)))
	end
	local address = globalname[name]
	if address then
		return skynet.ret(skynet.pack(address))
	end
	local queue = queryname[name]
	if queue == nil then
		socket.write(master_fd, packet.pack("Q", name))
		queryname[name] = { skynet.response() }
	else
		queue[#queue + 1] = skynet.response()
	end
end

-- Returns when harbor id goes away (at once if it is not connected).
function command.LINK(id)
	if slaves[id] then
		monitor[id] = monitor[id] or {}
		table.insert(monitor[id], skynet.response())
	else
		skynet.ret()
	end
end

-- Returns when harbor id is connected (at once if it is).
function command.CONNECT(id)
	if not slaves[id] then
		monitor[id] = monitor[id] or {}
		table.insert(monitor[id], skynet.response())
	else
		skynet.ret()
	end
end

function command.LINKMASTER()
	table.insert(monitor_master_set, skynet.response())
end

-- skynet.send/call to a global name nobody has told us of (lua/lualib/skynet/call.lua):
-- keep the message and ask the master.
function command.HOLD(source, name, ptype, session, msg)
	local address = globalname[name]
	if address then
		return c.redirect(address, source, ptype, session, msg)
	end
	local list = held[name]
	if list == nil then
		list = {}
		held[name] = list
		if queryname[name] == nil then
			socket.write(master_fd, packet.pack("Q", name))
		end
	end
	list[#list + 1] = { source = source, ptype = ptype, session = session, msg = msg }
end

skynet.start(function()
	skynet.daemon() -- it serves others: the node may end while it still runs
	local master_addr = skynet.getenv "master"
	local harbor_id = tonumber(skynet.getenv "harbor")
	local slave_address = assert(skynet.getenv "address")
	local slave_fd, host, port = socket.listen(slave_address)
	-- skyglass: with port 0 (the OS chooses) the hello tells the port chosen,
	-- and a master on port 0 is this node's own (cmaster.lua says where).
	if slave_address:match(":0$") then
		slave_address = string.format("%s:%d", host, port)
	end
	if master_addr:match(":0$") and skynet.getenv "standalone_address" then
		master_addr = skynet.getenv "standalone_address"
	end
	skynet.error("slave connect to master " .. tostring(master_addr))
	master_fd = assert(socket.open(master_addr), "Can't connect to master " .. tostring(master_addr))

	skynet.dispatch("lua", function(_, source, cmd, ...)
		local f = assert(command[cmd])
		if cmd == "HOLD" then
			return f(source, ...)
		end
		f(...)
	end)
	skynet.dispatch("text", function(_, _, text)
		local id = text:match("^D (%d+)$")
		if id then
			harbor_down(tonumber(id))
		else
			skynet.error("Unknown command ", text)
		end
	end)

	harbor_service = assert(skynet.launch("harbor", harbor_id, skynet.self()))

	socket.write(master_fd, packet.pack("H", harbor_id, slave_address))
	local ok, t, n = pcall(packet.read, master_fd, HANDSHAKE_TIMEOUT)
	assert(ok and t == "W" and math.type(n) == "integer", "slave shakehand failed: " .. tostring(ok and t or t))
	skynet.error(string.format("Waiting for %d harbors", n))
	skynet.fork(monitor_master)
	if n > 0 then
		local co = coroutine.running()
		local accepted = 0
		socket.start(slave_fd, function(fd, addr)
			skynet.error(string.format("New connection (fd = %d, %s)", fd, addr))
			socketdriver.nodelay(fd)
			if accept_slave(fd) then
				accepted = accepted + 1
				if accepted >= n then
					skynet.wakeup(co)
				end
			end
		end)
		skynet.wait()
	end
	socket.close(slave_fd)
	skynet.error("Shakehand ready")
	skynet.fork(ready)
end)
