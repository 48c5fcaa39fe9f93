-- server: a bare framing server on socketdriver + netpack (what snax.gateserver does, without the gate),
-- logging what netpack makes of every read and telling the client when a read has been consumed.
local skynet = require "skynet"
local netpack = require "skynet.netpack"
local driver = require "skynet.socketdriver"

local queue = netpack.new()
local watcher        -- the client service: told after each read, so it writes the next piece
local listening      -- the coroutine in `listen`, until the socket thread says the port is bound
local port           -- the port the OS chose
local conn           -- the one connection this lesson has

local function show(packets)
	for i, p in ipairs(packets) do
		packets[i] = string.format("%q", p)
	end
	return table.concat(packets, ", ")
end

-- One read from the connection has gone through netpack: report what came out.
local function consumed(fd, packets)
	if #packets == 0 then
		skynet.error("server: no whole packet yet from fd " .. fd .. " (netpack keeps the bytes)")
	else
		skynet.error(string.format("server: %d packet(s) from fd %d: %s", #packets, fd, show(packets)))
	end
	skynet.send(watcher, "lua", "consumed", #packets)
end

local EVENT = {}

function EVENT.init(fd, addr, bound)
	port = bound
	skynet.wakeup(listening)
end

function EVENT.open(fd, addr)
	skynet.error("server: fd " .. fd .. " connected from " .. addr)
	conn = fd
	driver.nodelay(fd)
	driver.start(fd)
end

-- lesson 07.1: one read, one packet: netpack hands it straight out
function EVENT.data(fd, msg, sz)
	consumed(fd, { netpack.tostring(msg, sz) })
end

-- lesson 07.2: one read, several packets: netpack queued them; pop takes them in order
function EVENT.more()
	local packets, fd = {}, nil
	for id, msg, sz in netpack.pop, queue do
		fd = id
		packets[#packets + 1] = netpack.tostring(msg, sz)
	end
	consumed(fd, packets)
end

function EVENT.close(fd)
	skynet.error("server: fd " .. fd .. " closed")
	driver.close(fd)
end

function EVENT.error(fd, text)
	skynet.error("server: fd " .. fd .. " error: " .. tostring(text))
	driver.close(fd)
end

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	unpack = function(msg, sz)
		return netpack.filter(queue, msg, sz)
	end,
	dispatch = function(_, _, q, kind, ...)
		queue = q
		if kind == nil then
			-- lesson 07.3: half a frame came: filter returns nothing, netpack holds the bytes for this fd
			consumed(conn, {})
			return
		end
		local f = EVENT[kind]
		if f then
			f(...)
		end
	end,
}

local CMD = {}

function CMD.listen()
	local fd = driver.listen("127.0.0.1", 0)
	listening = coroutine.running()
	skynet.wait(listening)
	driver.start(fd)
	skynet.error("server: listening on 127.0.0.1:" .. port)
	return port
end

-- The client asks to be told when each of its reads has been consumed.
function CMD.watch(source)
	watcher = source
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, cmd)
		local f = assert(CMD[cmd], "server: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(f(source)))
	end)
end)
