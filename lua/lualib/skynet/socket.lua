-- skynet.socket: coroutine sockets. A read with too little data suspends only the
-- calling coroutine; the DATA message that brings enough wakes it.
--
-- Each socket this service uses has a record in `sockets`:
--   id, protocol ("TCP" or "UDP")
--   buffer        bytes received and not yet read (socketdriver's read buffer)
--   connected     true once CONNECT came; false after CLOSE or ERROR
--   connecting    true while open/start waits; then the error text if it failed
--   want          what the suspended reader needs: a byte count (0: anything),
--                 a separator string (a line), or true (everything until close)
--   co            the coroutine suspended on this socket, if any
--   take, handed, drained   a DATA block handed straight to a waiting read() (`direct`)
--   closing       the coroutine inside socket.close, waiting for a reader to finish
--   paused        true while reading is paused (too much buffered), false during
--                 close (never resume then), nil otherwise
--   callback      accept callback (listeners) or receive callback (UDP)
--   limit, on_warning   set by socket.limit and socket.warning
--   reads         reads served since the queue was last looked at (read_done)
local skynet = require "skynet"
local driver = require "skynet.socketdriver"
local core = require "skynet.core"

local assert = assert
local coroutine_running = coroutine.running

-- Past this many buffered bytes the socket is paused until a reader drains it:
-- a service that does not read must not make the runtime hold unbounded data.
local BUFFER_LIMIT = 128 * 1024
-- skyglass: the longest line readline waits for (socket.limit sets another).
local LINE_LIMIT = 1024 * 1024

local socket = {}
-- A service that ends (exits, is killed) closes its Lua state: this table's
-- __gc then closes every socket still in it, as skynet's socket pool does.
local sockets = setmetatable({}, { __gc = function(all)
	for id in pairs(all) do driver.close(id) end
end })
local onclose = {}       -- id -> function(id), called once on CLOSE
local on_message = {}    -- socket message type -> handler

local tracing = core.tracing()

-- sock.lua trace event: what this layer did with socket s. On the paths that
-- run for every message the call sits behind `if tracing`: with the trace off,
-- a message then costs no call and no argument here.
local function trace(s, op, bytes, want)
	if tracing then
		core.trace_sock(s.id, op, bytes or 0, s.buffer and driver.size(s.buffer) or 0, want)
	end
end

-- For the trace, what a suspended reader waits for.
local function want_of(want)
	local t = type(want)
	return t == "number" and want or t == "string" and "line" or want == true and "all" or nil
end

-- ---- suspend and wake ----

local function wakeup(s)
	local co = s.co
	if co then
		s.co = nil
		if tracing then
			trace(s, "wake")
		end
		skynet.wakeup(co)
	end
end

-- Stop reading from the OS: the socket thread leaves the bytes in the kernel
-- (and TCP tells the peer to slow down) until a reader asks for more.
local function pause_socket(s, size)
	if s.paused ~= nil then
		return
	end
	skynet.error(size and string.format("Pause socket (%d) size : %d", s.id, size)
		or string.format("Pause socket (%d)", s.id))
	driver.pause(s.id)
	s.paused = true
	trace(s, "pause")
	skynet.yield() -- let messages already queued for this socket arrive first
end

-- Park the running coroutine until this socket's next event wakes it.
local function suspend(s)
	-- The asserts of the per-message path sit behind an `if`: a call to the C
	-- assert costs ~100 instructions even when it holds (three per echoed message).
	if s.co then assert(not s.co, "another coroutine is already reading this socket") end
	local co = coroutine_running()
	s.co = co
	if tracing then
		trace(s, "suspend", 0, want_of(s.want))
	end
	if s.paused then
		skynet.error(string.format("Resume socket (%d)", s.id))
		driver.start(s.id)
		trace(s, "resume")
		skynet.wait(co, "socket")
		s.paused = nil
	else
		skynet.wait(co, "socket")
	end
	-- socket.close waits for a reader to finish with the buffer: tell it.
	if s.closing then
		skynet.wakeup(s.closing)
	end
end

-- ---- socket messages (skynet's type numbers) ----

-- 1 DATA: bytes arrived. lesson socket.data: they join the socket's buffer; a reader waiting for enough of them is woken
on_message[1] = function(id, size, data)
	local s = sockets[id]
	if s == nil then
		skynet.error("socket: drop package from " .. id)
		driver.drop(data, size)
		return
	end
	s.drained, s.take = nil, nil -- bytes in the buffer: no handoff may pass them
	local buffered = driver.push(s.buffer, data, size)
	if tracing then
		trace(s, "buffer", size)
	end
	local want = s.want
	local kind = type(want)
	if kind == "number" then
		if buffered >= want then
			s.want = nil
			if buffered > BUFFER_LIMIT then
				pause_socket(s, buffered)
			end
			wakeup(s)
		end
		return
	end
	if s.limit and buffered > s.limit then
		-- as skynet's: said again for data already on its way while closing
		skynet.error(string.format("socket buffer overflow: fd=%d size=%d", id, buffered))
		driver.close(id)
		return
	end
	if s.overflowed then
		return -- closing (a line too long): data already on its way must not say it again
	end
	if kind == "string" then
		-- hasline looks only at bytes it has not looked at before.
		if driver.hasline(s.buffer, want) then
			s.want = nil
			if buffered > BUFFER_LIMIT then
				pause_socket(s, buffered)
			end
			wakeup(s)
		elseif buffered > (s.limit or LINE_LIMIT) then
			s.overflowed = true
			-- No separator in this many bytes: the peer is not speaking a line
			-- protocol. Close rather than pause: a paused socket can never bring
			-- the separator, so the reader would wait forever (skynet holds all).
			skynet.error(string.format("socket: line longer than %d bytes (fd = %d): closed", s.limit or LINE_LIMIT, id))
			driver.close(id)
		end
	elseif kind == "boolean" then
		-- readall takes everything until the close, which comes after the
		-- data: pausing would keep it out (skynet pauses, and waits for good).
		-- socket.limit bounds it, above.
	elseif buffered > BUFFER_LIMIT and not s.paused then
		pause_socket(s, buffered)
	end
end

-- 2 CONNECT: open or start (or listen) took effect.
on_message[2] = function(id, port, addr)
	local s = sockets[id]
	if s == nil or s.connected then
		return -- a resume after pause also says CONNECT
	end
	if s.listen then
		s.addr = addr
		s.port = port
	end
	s.connected = true
	wakeup(s)
end

-- 3 CLOSE: no more data will come.
on_message[3] = function(id)
	local s = sockets[id]
	if s and s.starting and s.connecting == true then
		-- The peer left before socket.start took effect (the socket thread tells
		-- an accepted socket's owner at once, for gate's maxclient). The start
		-- still succeeds, as on skynet, and reads then find the end: failing it
		-- would leave nobody to close the fd (CLOSE-WAIT forever).
		s.closed_early = true
		trace(s, "close")
	elseif s then
		s.connected = false
		trace(s, "close")
		wakeup(s)
	else
		driver.close(id) -- not ours (any more): free its slot
	end
	local cb = onclose[id]
	if cb then
		onclose[id] = nil
		cb(id)
	end
end

-- 4 ACCEPT: a listener took a connection.
on_message[4] = function(id, newid, addr)
	local s = sockets[id]
	if s == nil then
		driver.close(newid)
		return
	end
	s.callback(newid, addr)
end

-- 5 ERROR: the socket failed and is gone (for a listener: one accept failed).
on_message[5] = function(id, _, err)
	local s = sockets[id]
	if s == nil then
		driver.shutdown(id)
		skynet.error("socket: error on unknown", id, err)
		return
	end
	if s.callback and s.protocol == "TCP" then
		skynet.error("socket: accept error:", err)
		return
	end
	if s.connected then
		skynet.error("socket: error on", id, err)
	elseif s.connecting then
		s.connecting = err
	end
	s.connected = false
	driver.shutdown(id)
	wakeup(s)
end

-- 6 UDP: a datagram, and where it came from.
on_message[6] = function(id, size, data, address)
	local s = sockets[id]
	if s == nil or s.callback == nil then
		skynet.error("socket: drop udp package from " .. id)
		driver.drop(data, size)
		return
	end
	local str = skynet.tostring(data, size)
	skynet.trash(data, size)
	s.callback(str, address)
end

local function default_warning(id, size)
	if size > 0 then
		skynet.error(string.format("WARNING: %d K bytes need to send out (fd = %d)", size, id))
	end
end

-- 7 WARNING: this many KiB wait to be sent (0: all sent again).
on_message[7] = function(id, size)
	local s = sockets[id]
	if s then
		local warn = s.on_warning or default_warning
		warn(id, size)
	end
end

-- DATA that cannot make on_message[1] pause the socket (the one step that
-- yields) is handled without a task coroutine: see `direct` in skynet.lua.
local function direct(msg, sz)
	local t, id, size, data = driver.unpack(msg, sz)
	if t ~= 1 then
		return false
	end
	local s = sockets[id]
	-- Handoff: read() waits on an empty buffer (`take`): the block is its result
	-- and the reader runs now, as it would next: no push, readall, size or wake-up
	-- queue. Untraced only (the sock.* events stay). Buys, with skynet.wait's and
	-- _wakeup_now's inlining: coroutine echo 16,745-16,892 -> 12,838-12,921
	-- instructions per message (-23%); costs: three fields per socket, a test per
	-- DATA (docs/benchmarks.md "handoff").
	if s and s.take and s.co and size <= BUFFER_LIMIT and not tracing then
		s.take, s.want, s.drained = nil, nil, true
		s.handed = driver.tostring(data, size)
		local co = s.co
		s.co = nil
		skynet._wakeup_now(co)
		return true
	end
	if s and (s.buffer == nil or driver.size(s.buffer) + size > BUFFER_LIMIT) then
		return false
	end
	on_message[1](id, size, data)
	return true
end

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	direct = direct,
	unpack = driver.unpack,
	dispatch = function(_, _, t, ...)
		local f = on_message[t]
		if f then
			f(...)
		else
			skynet.error("socket: unknown message type " .. tostring(t))
		end
	end,
}

-- ---- opening and closing ----

-- Wait for CONNECT (or ERROR) on a socket the driver just opened or started.
-- `starting`: socket.start of an accepted socket (its peer may close first).
local function connect(id, callback, starting)
	assert(not onclose[id], "socket has onclose callback")
	local old = sockets[id]
	if old and not old.listen then
		error("socket is not closed") -- skynet's words, without the id
	end
	local s = { id = id, protocol = "TCP", connected = false, connecting = true, callback = callback,
		buffer = callback == nil and driver.buffer() or nil }
	sockets[id] = s
	s.starting = starting
	suspend(s)
	local err = s.connecting
	s.connecting = nil
	s.starting = nil
	if s.connected then
		if s.closed_early then
			s.connected = false
		end
		return id
	end
	sockets[id] = nil
	return nil, err
end

-- open(host, port) or open("host:port") -> id, or nil and the error.
function socket.open(addr, port)
	local id = driver.connect(addr, port)
	return connect(id)
end

-- listen(host, port [, backlog]) or listen("host:port") -> id, address, port.
-- Accepting starts with socket.start(id, function(fd, addr) ... end).
function socket.listen(host, port, backlog)
	if port == nil then
		local whole = host
		host, port = string.match(host, "^(.+):(%d+)$")
		-- skyglass: "abc" raised skynet's "bad argument #2 to 'listen'" (attack round 5)
		port = tonumber(port) or error(string.format("socket.listen: %q is not \"host:port\"", tostring(whole)), 2)
		if host and host:sub(1, 1) == "[" then
			host = host:sub(2, -2)
		end
	end
	local id = driver.listen(host, port, backlog)
	local s = { id = id, protocol = "TCP", connected = false, listen = true }
	sockets[id] = s
	suspend(s)
	return id, s.addr, s.port
end

-- start(id) begins reading an accepted socket; start(id, accept) makes a
-- listener call accept(newid, "ip:port") for each connection. -> id, or nil, err.
function socket.start(id, callback)
	driver.start(id)
	return connect(id, callback, callback == nil)
end

-- bind(fd) reads an fd the process already has (a pipe, a terminal) as a
-- socket. -> id, or nil and the error (a regular file or /dev/null cannot be
-- polled: then the error says so).
function socket.bind(os_fd)
	local id = driver.bind(os_fd)
	return connect(id)
end

-- stdin() -> id to read lines from standard input; CLOSE at end of file.
function socket.stdin() return socket.bind(0) end

function socket.pause(id)
	local s = sockets[id]
	if s == nil or s.paused then
		return
	end
	pause_socket(s)
end

-- Close and wait until the socket thread has let go of it. A coroutine still
-- reading the socket gets false plus what was buffered.
function socket.close(id)
	local s = sockets[id]
	if s == nil then
		return
	end
	trace(s, "close")
	driver.close(id)
	if s.connected then
		s.paused = false -- it is closing: never resume it
		if s.co then
			assert(not s.closing)
			s.closing = coroutine_running()
			skynet.wait(s.closing, "socket")
		else
			suspend(s)
		end
		s.connected = false
	end
	if s.buffer then
		driver.clear(s.buffer)
	end
	sockets[id] = nil
end

-- Close a socket this service does not track (never started, or abandoned).
function socket.close_fd(id)
	assert(sockets[id] == nil, "Use socket.close instead") -- skynet's words
	driver.close(id)
end

-- Close now, dropping unsent data. CLOSE follows; socket.close is still needed.
function socket.shutdown(id)
	if sockets[id] then driver.shutdown(id) end
end

-- Forget the socket without closing it (to hand it to another service).
function socket.abandon(id)
	local s = sockets[id]
	if s then
		s.connected = false
		wakeup(s)
		onclose[id] = nil
		sockets[id] = nil
	end
end

----------------------------------------------------------------------
-- reading
----------------------------------------------------------------------

-- skyglass: a read served from the buffer never yields, so the DATA of a peer faster than its
-- reader piled up in the queue, unseen by the pause (a websocket client pinged: +140 MiB, as
-- skynet's). Every 256th read yields while more than 8 messages wait, so they reach the buffer.
local function read_done(s, data)
	if tracing then trace(s, "read", #data) end
	local reads = (s.reads or 0) + 1
	s.reads = reads < 256 and reads or 0
	if reads == 256 and core.intcommand("MQLEN") > 8 then skynet.yield() end
	return data
end

-- read(id, n): n bytes. read(id): whatever is there, waiting for some.
-- On close: false, plus what was buffered.
function socket.read(id, n)
	local s = sockets[id]
	if not s then assert(s) end -- skynet's words: "assertion failed!"
	if n == nil then
		-- drained: the last DATA was handed over (`direct`), nothing since
		local data = s.drained and "" or driver.readall(s.buffer)
		if data ~= "" then
			return read_done(s, data)
		end
		if not s.connected then
			return false, data
		end
		if s.want then assert(not s.want) end
		s.want, s.take = 0, true
		suspend(s)
		data = s.handed
		if data then -- untraced: read_done would only trace
			s.handed = nil
			return data
		end
		s.take = nil
		data = driver.readall(s.buffer)
		if data ~= "" then
			return read_done(s, data)
		end
		return false, data
	end
	local data = driver.pop(s.buffer, n)
	if data then
		return read_done(s, data)
	end
	if n < 0 then -- skyglass: a peer's length that wrapped (skynet's reads past its buffer)
		error(string.format("socket.read: negative size %d (fd = %d)", n, id), 2)
	end
	if s.closing or not s.connected then
		return false, driver.readall(s.buffer)
	end
	if s.want then assert(not s.want) end
	s.want = n
	suspend(s)
	data = driver.pop(s.buffer, n)
	if data then
		return read_done(s, data)
	end
	return false, driver.readall(s.buffer)
end

-- Everything until the peer closes.
function socket.readall(id)
	local s = sockets[id]
	assert(s) -- skynet's words: "assertion failed!"
	if not s.connected then
		local data = driver.readall(s.buffer)
		return data ~= "" and data
	end
	assert(not s.want)
	s.want = true
	suspend(s)
	assert(s.connected == false)
	return read_done(s, driver.readall(s.buffer))
end

-- One line, without its separator (default "\n"). On close: false, plus the rest.
function socket.readline(id, sep)
	sep = sep or "\n"
	local s = sockets[id]
	assert(s) -- skynet's words: "assertion failed!"
	if type(sep) ~= "string" and type(sep) ~= "number" then -- skynet's driver takes sep third: its words
		error("bad argument #3 to 'readline' (string expected, got " .. type(sep) .. ")")
	end
	local line = driver.readline(s.buffer, sep)
	if line then
		return read_done(s, line)
	end
	if not s.connected then
		return false, driver.readall(s.buffer)
	end
	assert(not s.want)
	s.want = sep
	suspend(s)
	if s.connected then
		line = driver.readline(s.buffer, sep)
		if line then
			return read_done(s, line)
		end
	end
	return false, driver.readall(s.buffer)
end

-- Wait until some data comes or the socket closes. -> still connected?
function socket.block(id)
	local s = sockets[id]
	if not s or not s.connected then
		return false
	end
	assert(not s.want)
	s.want = 0
	suspend(s)
	return s.connected
end

----------------------------------------------------------------------
-- writing, state and flow control
----------------------------------------------------------------------

-- write(id, data [, sz]) -> true, or false when closed. data: a string, a
-- table of strings, or (lightuserdata, size) which is handed over.
socket.write = assert(driver.send)
-- lwrite: low priority; it goes out after high-priority data not yet started.
socket.lwrite = assert(driver.lsend)

function socket.invalid(id) return sockets[id] == nil end

function socket.disconnected(id)
	local s = sockets[id]
	if s then
		return not (s.connected or s.connecting)
	end
end

-- Close the socket when more than `limit` bytes wait unread (default: pause
-- reading past 128 KiB instead).
function socket.limit(id, limit) assert(sockets[id]).limit = limit end

-- callback(id, kib) on WARNING; kib 0 when the backlog has drained.
function socket.warning(id, callback) assert(sockets[id]).on_warning = callback end
function socket.onclose(id, callback) onclose[id] = callback end

-- UDP (socket.udp, udp_listen, udp_dial, udp_connect, sendto, udp_address): in socket_udp.lua, which
-- shares this file's table of sockets; its driver calls are made here, so that a refusal (`udp connect
-- failed`, `udp listen host failed`...) is positioned in socket.lua as skynet's, and so are its asserts.
require "skynet.socket_udp" (socket, sockets, function(name, ...) local r = driver[name](...) return r end,
	function(v, ...) assert(v, ...) return v end)

-- header(bytes) -> the big-endian length in 1 to 4 bytes; netstat() -> every
-- open socket's {id, address (owner), type, read, write, peer, ...}
socket.header = assert(driver.header)
socket.netstat = assert(driver.info)
socket.resolve = assert(driver.resolve) -- getaddrinfo, blocking, as skynet's

return socket
