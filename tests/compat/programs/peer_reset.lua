-- peer_reset: a peer closes a TCP connection with bytes unread, so the kernel resets it, while
-- our end is in one of several states: a reader waiting in socket.read, started and idle (no
-- reader), a write pending (more than the peer's window), paused, an accepted connection
-- started and idle, a gate's connection.
-- Each case waits for the connection's CLOSE (socket.onclose, the gate's "close") before the next.
-- The peer's unread bytes were written by a direct write on loopback, which queues them at the
-- peer before write() returns; the peer closes after that (a message later).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode = ...

if mode == "wd" then
	-- The gate's watchdog: logs what the gate tells it, answers "wait_close" once the
	-- connection's close has come.
	local gate
	local closed, waiting = false, nil
	local gate_fd
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, sub, ...)
			if cmd == "socket" then
				if sub == "open" then
					gate_fd = ...
					skynet.error("wd open", pcall(skynet.call, gate, "lua", "accept", gate_fd))
					if waiting then
						skynet.wakeup(waiting)
					end
				elseif sub == "error" then
					local _, msg = ...
					skynet.error("wd error", msg)
				elseif sub == "close" then
					skynet.error("wd close")
					closed = true
					if waiting then
						skynet.wakeup(waiting)
					end
				else
					skynet.error("wd", sub)
				end
			elseif cmd == "start" then
				gate = skynet.newservice("gate")
				skynet.call(gate, "lua", "open", sub)
				skynet.ret(skynet.pack(true))
			elseif cmd == "wait_open" then
				if not gate_fd then
					waiting = coroutine.running()
					skynet.wait(waiting)
					waiting = nil
				end
				skynet.ret(skynet.pack(true))
			elseif cmd == "write" then
				socket.write(gate_fd, sub)
				skynet.ret(skynet.pack(true))
			elseif cmd == "wait_close" then
				if not closed then
					waiting = coroutine.running()
					skynet.wait(waiting)
				end
				skynet.ret(skynet.pack(true))
			elseif cmd == "stop" then
				skynet.ret(skynet.pack(pcall(skynet.call, gate, "lua", "close")))
			end
		end)
	end)
	return
end

local lid, port
local accepted = {}   -- fds accepted by the listener, in order; never started (they never read)
local accept_waiter

-- A connection to our listener: the connecting end and the accepted one.
local function connect_pair()
	local c = socket.open("127.0.0.1", port)
	if #accepted == 0 then
		accept_waiter = coroutine.running()
		skynet.wait(accept_waiter)
		accept_waiter = nil
	end
	return c, table.remove(accepted, 1)
end

-- Our end s (started, reading) and a peer that never reads; a CLOSE of s is logged.
local function watch_close(name, s)
	local closed = { done = false }
	socket.onclose(s, function()
		skynet.error(name, "onclose")
		closed.done = true
		if closed.co then
			skynet.wakeup(closed.co)
		end
	end)
	return closed
end

local function next_pair(name)
	local s, peer = connect_pair()
	return s, peer, watch_close(name, s)
end

-- Pause a connecting end so that bytes sent to it stay unread in the kernel. A connect
-- after it is a fence: it is answered after the socket thread has run the pause.
local function pause_fenced(c)
	socket.pause(c)
	local fence, fpeer = connect_pair()
	socket.close_fd(fpeer)
	socket.close(fence)
end

local function wait_close(closed)
	if not closed.done then
		closed.co = coroutine.running()
		skynet.wait(closed.co)
	end
end

-- The peer closes with bytes unread: they were written to it and it never read.
local function reset_by_peer(s, peer)
	socket.write(s, "unread")
	socket.close_fd(peer)
end

local function after(name, s)
	skynet.error(name, "invalid", socket.invalid(s))
	skynet.error(name, "read after", socket.read(s))
	socket.close(s)
end

skynet.start(function()
	-- Take the small socket ids first, so that those logged are masked alike.
	for _ = 1, 10 do
		local id = socket.listen("127.0.0.1", 0)
		socket.close(id)
	end
	local _
	lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(fd)
		accepted[#accepted + 1] = fd
		if accept_waiter then
			skynet.wakeup(accept_waiter)
		end
	end)

	-- 1. a reader waiting in socket.read
	do
		local s, peer, closed = next_pair("reader")
		local reader = { done = false }
		skynet.fork(function()
			skynet.error("reader got", socket.read(s))
			reader.done = true
			if reader.co then skynet.wakeup(reader.co) end
		end)
		skynet.yield() -- the reader is parked in socket.read before the reset
		reset_by_peer(s, peer)
		wait_close(closed)
		if not reader.done then
			reader.co = coroutine.running()
			skynet.wait(reader.co)
		end
		after("reader", s)
	end

	-- 2. started and idle: nothing buffered, nobody reading
	do
		local s, peer, closed = next_pair("idle")
		reset_by_peer(s, peer)
		wait_close(closed)
		after("idle", s)
	end

	-- 3. a write pending: more than the peer's window, so the rest waits in our queue
	do
		local s, peer, closed = next_pair("pending")
		-- Written at once as far as the peer's window goes (it reads nothing: about 4 MiB
		-- on loopback), the rest queued. The queue's WARNING is not what is compared here
		-- (skynet's counts only what waits in its lists, not a direct write's leftover).
		socket.warning(s, function() end)
		socket.write(s, string.rep("x", 8 * 1024 * 1024))
		socket.close_fd(peer) -- the bytes that did get through are unread
		wait_close(closed)
		after("pending", s)
	end

	-- 4. paused by its owner: nothing reads it, so the reset shows as an error event
	do
		local s, peer, closed = next_pair("paused")
		pause_fenced(s)
		reset_by_peer(s, peer)
		wait_close(closed)
		after("paused", s)
	end

	-- 5. an accepted connection, started and idle; the connecting peer is paused and
	-- leaves what we wrote unread
	do
		local c, fd = connect_pair()
		socket.start(fd)
		local closed = watch_close("accepted", fd)
		pause_fenced(c)
		socket.write(fd, "unread")
		socket.close(c)
		wait_close(closed)
		after("accepted", fd)
	end

	-- 6. a gate's connection: the client pauses (so the gate's bytes stay unread in the
	-- kernel) and closes
	do
		local glid, _, gport = socket.listen("127.0.0.1", 0)
		socket.close(glid)
		local wd = skynet.newservice(SERVICE_NAME, "wd")
		skynet.call(wd, "lua", "start", { address = "127.0.0.1", port = gport, maxclient = 4 })
		local c = socket.open("127.0.0.1", gport)
		pause_fenced(c)
		skynet.call(wd, "lua", "wait_open") -- the gate reads the connection
		skynet.call(wd, "lua", "write", "unread")
		socket.close(c)
		skynet.call(wd, "lua", "wait_close")
		skynet.error("gate stop", skynet.call(wd, "lua", "stop"))
	end

	socket.close(lid)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
