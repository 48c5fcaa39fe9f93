-- snax.gateserver: the skeleton of a gate: listen, accept, cut the stream into
-- netpack frames, and hand each whole packet to a handler. No coroutine ever
-- reads a socket here: packets arrive as socket messages, already framed.
--
-- gateserver.start(handler), where handler has:
--   connect(fd, addr)         a client connected (it reads nothing until openclient)
--   message(fd, msg, sz)      a whole packet; msg is malloc'd and now the handler's
--   disconnect(fd)            the client closed                    (optional)
--   error(fd, text)           its socket failed, or it sent a bad frame (optional)
--   warning(fd, kib)          its unsent data passed a threshold   (optional)
--   open(source, conf)        after `open` began listening         (optional)
--   command(cmd, source, ...) any other lua command                (optional)
--   embed = true              the service calls skynet.start itself
-- The service answers the lua commands open(conf) and close().
-- conf: address, port, backlog, maxclient (default 1024), nodelay, and, as
-- skyglass additions, maxpacket: a frame longer than this closes its
-- connection; maxqueue: a forwarded connection whose agent has more messages
-- waiting than this is closed (default 100,000; 0: no limit).
local skynet = require "skynet"
local netpack = require "skynet.netpack"
local driver = require "skynet.socketdriver"

local gateserver = {}

local listen_fd       -- the listening socket, once open
local queue           -- netpack's queue: frames being assembled, packets waiting
local maxclient
local maxqueue        -- conf.maxqueue, for the C forward (nil: its default)
local nodelay = false
-- As skynet's: every accepted socket counts, a refused one too until its
-- CLOSE, and the count is checked after adding the newcomer (so at most
-- maxclient - 1 clients are served).
local clients = 0
-- fd -> true: a client; false: it closed its side; nil: not (or no longer) ours
local connection = {}

-- Start reading a client's packets (its socket starts paused).
function gateserver.openclient(fd)
	if connection[fd] then
		driver.start(fd)
	end
end

-- A skyglass addition: from now on fd's packets go to `agent` as PTYPE_CLIENT
-- from `client` (default 0) with session fd, as skynet.redirect(agent, client,
-- "client", fd, msg, sz) in handler.message would send them, but cut and sent
-- in C on the worker (lua/netpack_forward.cpp): handler.message no longer
-- sees them, and the gate's Lua does not run per packet. forward(fd) (no
-- agent) gives them back to handler.message. Ends with the connection.
function gateserver.forward(fd, agent, client)
	if connection[fd] and queue then
		netpack.forward(queue, fd, agent, agent and (client or 0), maxqueue)
	end
end

function gateserver.closeclient(fd)
	if connection[fd] ~= nil then
		if queue then netpack.forward(queue, fd) end
		connection[fd] = nil -- the handler still hears of the close, as in skynet
		driver.close(fd)
	end
end

function gateserver.start(handler)
	assert(handler.message, "gateserver: the handler needs message(fd, msg, sz)")
	assert(handler.connect, "gateserver: the handler needs connect(fd, addr)")

	local CMD = {}
	local listening = {} -- the coroutine in CMD.open, waiting for the listen socket

	function CMD.open(source, conf)
		assert(not listen_fd) -- bare, as skynet's: a second open fails "assertion failed!"
		local address = conf.address or "0.0.0.0"
		local port = conf.port
		local host = address
		if port == nil then  -- skynet's clusterd passes "host:port" and no port
			host, port = address:match("^%[?(.-)%]?:(%d+)$")
			port = tonumber(port)
			assert(port, "gateserver: open needs conf.port or an address \"host:port\"")
		end
		maxclient = conf.maxclient or 1024
		maxqueue = conf.maxqueue
		nodelay = conf.nodelay
		if queue == nil then
			queue = netpack.new(conf.maxpacket)
		end
		-- skynet's line, before binding, with the values as given: "Listen
		-- on 0.0.0.0 8888" (a cluster node's "127.0.0.1:2528 nil"; port 0 stays 0).
		skynet.error("Listen on", address, conf.port)
		listen_fd = driver.listen(host, port, conf.backlog)
		listening.fd = listen_fd
		listening.co = coroutine.running()
		skynet.wait(listening.co)
		conf.address, conf.port = listening.addr, listening.port
		driver.start(listen_fd)
		if handler.open then
			return handler.open(source, conf)
		end
	end

	function CMD.close()
		assert(listen_fd) -- bare, as skynet's: close before open or once closed fails "assertion failed!"
		driver.close(listen_fd)
	end

	-- What netpack.filter reports, by kind.
	local MSG = {}

	local dropped = {} -- fd -> packets dropped since the first, which was logged

	local function dispatch_packet(fd, msg, sz)
		if connection[fd] then
			handler.message(fd, msg, sz)
		elseif dropped[fd] then
			-- Only the first is logged: what a kicked client had sent was already
			-- read, and a flood of small packets logged millions of lines.
			dropped[fd] = dropped[fd] + 1
			skynet.trash(msg, sz)
		else
			dropped[fd] = 0
			-- skynet's line, but the packet is shown cut to 64 bytes and escaped:
			-- packets that follow a kick would put 64 KiB of peer bytes each in the log.
			local text = netpack.tostring(msg, sz)
			local shown = text:sub(1, 64):gsub("[^\32-\126]", function(c) return string.format("\\x%02x", c:byte()) end)
			if #text > 64 then
				shown = shown .. string.format("... (%d bytes)", #text)
			end
			skynet.error(string.format("Drop message from fd (%d) : %s", fd, shown))
		end
	end

	MSG.data = dispatch_packet

	-- Several packets came at once. If a handler blocks (calls another
	-- service), a forked coroutine goes on with the rest, so one slow packet
	-- does not hold up the others.
	local function dispatch_queue()
		local fd, msg, sz = netpack.pop(queue)
		if fd then
			skynet.fork(dispatch_queue)
			dispatch_packet(fd, msg, sz)
			for next_fd, next_msg, next_sz in netpack.pop, queue do
				dispatch_packet(next_fd, next_msg, next_sz)
			end
		end
	end

	MSG.more = dispatch_queue

	-- The listen socket is ready: CMD.open may go on.
	function MSG.init(fd, addr, port)
		if listening.co and fd == listening.fd then
			listening.addr, listening.port = addr, port
			local co = listening.co
			listening.co = nil
			skynet.wakeup(co)
		end
	end

	-- A client connected.
	function MSG.open(fd, addr)
		clients = clients + 1
		if clients >= maxclient then
			driver.shutdown(fd) -- refused quietly; its CLOSE reaches disconnect
			return
		end
		if nodelay then
			driver.nodelay(fd)
		end
		connection[fd] = true
		handler.connect(fd, addr)
	end

	function MSG.close(fd)
		if fd == listen_fd then
			listen_fd = nil
			return
		end
		clients = clients - 1
		if dropped[fd] then
			if dropped[fd] > 0 then
				skynet.error(string.format("gateserver: dropped %d more packets from fd %d", dropped[fd], fd))
			end
			dropped[fd] = nil
		end
		if connection[fd] then
			connection[fd] = false -- no more reads; writes may still go out
		end
		if handler.disconnect then
			handler.disconnect(fd)
		end
	end

	-- A socket error (the socket is gone) or a bad frame (netpack: the
	-- socket is still open, so close it).
	function MSG.error(fd, text)
		if fd == listen_fd then
			skynet.error("gateserver accept error: " .. tostring(text))
			return
		end
		-- maxqueue's close is skyglass's own (skynet has no such limit), so it
		-- says so in the log; skynet's errors stay as quiet here as in skynet.
		if type(text) == "string" and text:find("^its agent ") then
			skynet.error(string.format("gateserver: close fd %d: %s", fd, text))
		end
		driver.shutdown(fd) -- its CLOSE follows: disconnect, as skynet's
		if handler.error then
			handler.error(fd, text)
		end
	end

	function MSG.warning(fd, kib)
		if handler.warning then
			handler.warning(fd, kib)
		end
	end

	skynet.register_protocol {
		name = "socket",
		id = skynet.PTYPE_SOCKET,
		unpack = function(msg, sz)
			return netpack.filter(queue, msg, sz)
		end,
		dispatch = function(_, _, q, kind, ...)
			queue = q
			if kind then
				MSG[kind](...)
			end
		end,
	}

	local function init()
		skynet.dispatch("lua", function(_, source, cmd, ...)
			local f = CMD[cmd]
			if f then
				skynet.ret(skynet.pack(f(source, ...)))
			else
				-- as skynet's: with no command handler this fails
				-- "attempt to call a nil value (field 'command')"
				skynet.ret(skynet.pack(handler.command(cmd, source, ...)))
			end
		end)
	end

	if handler.embed then
		init()
	else
		skynet.start(init)
	end
end

return gateserver
