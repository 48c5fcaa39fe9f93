-- test_socketchannel: skynet.socketchannel against a fake line server on 127.0.0.1 (port 0).
-- The server reads "session command\n" lines; it answers "session reply\n", answers a
-- "pair" of lines later and in reverse order, and drops the connection on "close".
local skynet = require "skynet"
local socket = require "skynet.socket"
local socketchannel = require "skynet.socketchannel"
local t = require "testlib"

local port
local accepted = 0

local function serve(fd)
	socket.start(fd)
	local held -- a "hold" line waits for the next line, then both are answered in reverse
	while true do
		local line = socket.readline(fd)
		if not line then
			break
		end
		local session, cmd = line:match("^(%S+) (.*)$")
		if cmd == "close" then
			socket.close(fd)
			return
		elseif cmd == "hold" then
			held = session
		else
			socket.write(fd, session .. " " .. cmd:upper() .. "\n")
			if held then
				socket.write(fd, held .. " HELD\n")
				held = nil
			end
		end
	end
	socket.close(fd)
end

local function start_server()
	local id, _, p = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		accepted = accepted + 1
		skynet.fork(serve, fd)
	end)
	port = p
end

-- Order mode reader: one line per request.
local function read_line(sock)
	return true, sock:readline()
end

-- Session mode reader: "session reply".
local function read_session(sock)
	local line = sock:readline()
	local session, reply = line:match("^(%S+) (.*)$")
	return tonumber(session), true, reply
end

-- Run fs concurrently; wait for all; return their results (or error objects).
local function together(fs)
	local results, left, me = {}, #fs, coroutine.running()
	for i, f in ipairs(fs) do
		skynet.fork(function()
			results[i] = table.pack(pcall(f))
			left = left - 1
			if left == 0 then
				skynet.wakeup(me)
			end
		end)
	end
	skynet.wait(me)
	return results
end

t.run("test_socketchannel", {
	{ "error object prints as skynet's", function()
		start_server()
		t.eq(tostring(socketchannel.error), "[Error: socket]", "tostring")
	end },
	{ "order mode: replies match requests in order", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = port, nodelay = true }
		t.eq(c:connect(true), true, "connect")
		t.eq(c:request("1 hello\n", read_line), "1 HELLO", "first")
		local r = together {
			function() return c:request("2 a\n", read_line) end,
			function() return c:request("3 b\n", read_line) end,
		}
		t.eq(r[1][2], "2 A", "second")
		t.eq(r[2][2], "3 B", "third")
		t.eq(c:request("4 no reply wanted\n"), nil, "no response")
		t.eq(c:request("5 x\n", read_line), "4 NO REPLY WANTED", "the unread reply comes next")
		c:close()
	end },
	{ "order mode: padding reads parts until the reader says done", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = port }
		local n = 0
		local function three(sock)
			n = n + 1
			return true, sock:readline(), n < 3
		end
		local parts = c:request("1 p\n", three, { "2 q\n", "3 r\n" })
		t.eq(type(parts), "table", "a table of parts")
		t.eq(table.concat(parts, ","), "1 P,2 Q,3 R", "parts")
		c:close()
	end },
	{ "session mode: replies out of order reach their callers", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = port, response = read_session }
		local r = together {
			function() return c:request("7 hold\n", 7) end,
			function() skynet.yield() return c:request("8 go\n", 8) end,
		}
		t.eq(r[1][1], true, "held request ok")
		t.eq(r[1][2], "HELD", "held answered after the second")
		t.eq(r[2][2], "GO", "second")
		c:close()
	end },
	{ "a server closing mid-request raises socketchannel.error; the next request reconnects", function()
		for _, mode in ipairs { "order", "session" } do
			local c = socketchannel.channel {
				host = "127.0.0.1", port = port, response = mode == "session" and read_session or nil }
			local reader = mode == "session" and 1 or read_line
			t.eq(c:request("1 before\n", reader), mode == "session" and "BEFORE" or "1 BEFORE", mode)
			local before = accepted
			local ok, err = pcall(c.request, c, "2 close\n", mode == "session" and 2 or read_line)
			t.eq(ok, false, mode .. ": request raised")
			t.eq(err, socketchannel.error, mode .. ": raised the socket error object")
			t.eq(c:request("3 after\n", mode == "session" and 3 or read_line),
				mode == "session" and "AFTER" or "3 AFTER", mode .. ": reconnected")
			t.eq(accepted, before + 1, mode .. ": one new connection")
			c:close()
		end
	end },
	{ "a reader's own error reaches the caller as its text", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = port }
		local ok, err = pcall(c.request, c, "1 x\n", function(sock)
			sock:readline()
			error "bad reply"
		end)
		t.eq(ok, false, "raised")
		t.eq(type(err), "string", "error text")
		t.eq(err:find("bad reply", 1, true) ~= nil, true, "the reader's text: " .. tostring(err))
		t.eq(c:request("2 y\n", read_line), "2 Y", "reconnected after the reader failed")
		c:close()
	end },
	{ "auth runs on each connection and changehost moves it", function()
		local auths = 0
		local c = socketchannel.channel { host = "127.0.0.1", port = 1, auth = function(self)
			auths = auths + 1
			t.eq(self:request("0 auth\n", read_line), "0 AUTH", "auth reply")
		end }
		c:changehost("127.0.0.1", port)
		t.eq(c:request("1 a\n", read_line), "1 A", "after auth")
		t.eq(auths, 1, "auth once")
		c:changehost("127.0.0.1")
		t.eq(c:request("2 b\n", read_line), "2 B", "after changehost")
		t.eq(auths, 2, "auth again on the new connection")
		c:close()
	end },
	{ "backup hosts are tried when the main host refuses", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = 1,
			backup = { { host = "127.0.0.1", port = port } } }
		t.eq(c:request("1 via backup\n", read_line), "1 VIA BACKUP", "backup answered")
		t.eq(c.__port, port, "channel now points at the backup")
		c:close()
	end },
	{ "overload is told when unsent data piles up and when it drains", function()
		-- a server that reads nothing until told to
		local held_fd
		local id, _, p = socket.listen("127.0.0.1", 0)
		socket.start(id, function(fd)
			held_fd = fd
		end)
		local states = {}
		local me = coroutine.running()
		local c = socketchannel.channel { host = "127.0.0.1", port = p, overload = function(on)
			states[#states + 1] = tostring(on)
			if me then
				local co = me
				me = nil
				skynet.wakeup(co)
			end
		end }
		-- more than the kernel buffers take, in pieces (skynet warns only when a write queues)
		local piece = string.rep("x", 1024 * 1024)
		for _ = 1, 16 do
			c:request(piece)
		end
		if #states == 0 then
			skynet.wait(me)
		end
		t.eq(states[1], "true", "overloaded")
		-- now read everything: the backlog drains
		me = coroutine.running()
		skynet.fork(function()
			socket.start(held_fd)
			local got = 0
			while got < 16 * 1024 * 1024 do
				local data = socket.read(held_fd)
				if not data then break end
				got = got + #data
			end

		end)
		if #states < 2 then
			skynet.wait(me)
		end
		t.eq(states[2], "false", "drained")
		c:close()
		socket.close(id)
	end },
	{ "connect() retries until the server comes up; close() ends the retrying", function()
		local l, _, p = socket.listen("127.0.0.1", 0)
		socket.close(l) -- nothing listens on p now
		local c = socketchannel.channel { host = "127.0.0.1", port = p }
		-- A token of its own, not this coroutine: waking the coroutine would
		-- also end whatever else it waits for (socket.start below).
		local result, done = nil, {}
		skynet.fork(function()
			result = table.pack(pcall(c.connect, c))
			skynet.wakeup(done)
		end)
		skynet.yield() -- the fork runs first and asks the socket thread to connect
		-- listen() takes effect at once in this thread, while the socket thread may
		-- not have tried the fork's connect yet. It runs commands in order: once
		-- this open is refused, so was the fork's first attempt.
		t.eq(socket.open("127.0.0.1", p), nil, "nothing listens yet")
		local again = socket.listen("127.0.0.1", p)
		t.eq(socket.start(again, function(fd) socket.start(fd) end), again, "listening again")
		if not result then
			skynet.wait(done)
		end
		t.eq(result[1], true, "connect did not raise")
		t.eq(result[2], true, "connected on a later attempt")
		c:close()
		socket.close(again)

		local never = socketchannel.channel { host = "127.0.0.1", port = p }
		result = nil
		skynet.fork(function()
			result = table.pack(pcall(never.connect, never))
			skynet.wakeup(done)
		end)
		skynet.yield()
		never:close()
		if not result then
			skynet.wait(done)
		end
		t.eq(result[1], true, "no raise after close")
		t.eq(result[2], false, "connect answers false once closed")
	end },
	{ "redis: a malformed reply raises a clear error; the next request reconnects", function()
		local redis = require "skynet.db.redis"
		-- A fake redis: each connection answers its first request with the next of these.
		local replies = { "$abc\r\n", "*1.5\r\n", ":x\r\n", "$-1\r\n" }
		local id, _, p = socket.listen("127.0.0.1", 0)
		socket.start(id, function(fd)
			socket.start(fd)
			if socket.read(fd) then
				socket.write(fd, table.remove(replies, 1) or "+OK\r\n")
			end
			socket.readall(fd)
			socket.close(fd)
		end)
		local db = redis.connect { host = "127.0.0.1", port = p }
		for _, want in ipairs { 'redis: bad reply "$abc"', 'redis: bad reply "*1.5"', 'redis: bad reply ":x"' } do
			local ok, err = pcall(db.get, db, "k")
			t.eq(ok, false, want)
			t.eq(tostring(err):find(want, 1, true) ~= nil, true, want .. " in " .. tostring(err))
		end
		t.eq(db:get("k"), nil, "a good reply after three bad ones")
		db:disconnect()
		socket.close(id)
	end },
	{ "connect(true) to a refused port raises the socket error", function()
		local c = socketchannel.channel { host = "127.0.0.1", port = 1 }
		local ok, err = pcall(c.connect, c, true)
		t.eq(ok, false, "raised")
		t.eq(err, socketchannel.error, "socket error object")
		c:close()
	end },
})
