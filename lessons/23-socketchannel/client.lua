-- client: lesson 23's service: many coroutines share one TCP connection to the backend through skynet.socketchannel.
--
-- Part 1, order mode: A, B and C ask at once; the answers come back in the order asked.
-- Part 2, session mode: P and Q ask at once; Q's answer overtakes P's, and the session finds P.
-- A, P and D are asked by the service's main coroutine (the one skynet.start runs).
-- Part 3: the backend drops the connection under a pending request, which raises; the next
-- request connects again, and the auth function runs again.
local skynet = require "skynet"
local socketchannel = require "skynet.socketchannel"

local PASSWORD = "opensesame"

-- Runs `mine` in this coroutine while each of `others` runs in a coroutine of
-- its own (skynet.fork): the "many callers" of a real service, asking at once.
-- `mine` writes first: forked coroutines run once this one waits. Returns when all have returned.
local function at_once(mine, ...)
	local left, me, waiting = select("#", ...), coroutine.running(), false
	for _, f in ipairs { ... } do
		skynet.fork(function()
			f()
			left = left - 1
			if left == 0 and waiting then
				skynet.wakeup(me)
			end
		end)
	end
	mine()
	if left > 0 then
		waiting = true
		skynet.wait(me)
	end
end

-- lesson 23.2: order mode: each request brings the function that reads its own answer, one line
local function read_line(sock)
	local line = sock:readline("\n")
	return line:sub(1, 4) ~= "-ERR", line
end

local function ask(who, channel, request)
	local answer = channel:request(request .. "\n", read_line)
	skynet.error(string.format("client: %s asked %s, got %s", who, request, answer))
end

-- lesson 23.1: auth runs on every new connection, before any request waiting for it is written
local function auth_plain(channel)
	local answer = channel:request("AUTH " .. PASSWORD .. "\n", read_line)
	skynet.error("client: order channel auth answered " .. answer)
end

-- Session mode: the client numbers its requests; the backend echoes the number.
local last_session = 0
local function next_session()
	last_session = last_session + 1
	return last_session
end

-- lesson 23.5: session mode: one function reads every answer and returns whose it is (its session)
local function read_tagged(sock)
	local line = sock:readline("\n")
	local session, text = line:match("^(%d+) (.*)$")
	if not session then
		error("a tagged answer without a session: " .. line)
	end
	return tonumber(session), text:sub(1, 4) ~= "-ERR", text
end

local function auth_tagged(channel)
	local session = next_session()
	local answer = channel:request(session .. " AUTH " .. PASSWORD .. "\n", session)
	skynet.error("client: session channel auth answered " .. answer)
end

local function ask_tagged(who, channel, request)
	local session = next_session()
	local answer = channel:request(session .. " " .. request .. "\n", session)
	skynet.error(string.format("client: %s asked %s (session %d), got %s", who, request, session, answer))
end

skynet.start(function()
	local backend = skynet.newservice("backend")
	local port = skynet.call(backend, "lua", "listen")

	-- Two channels, each one connection. Session mode is chosen by giving `response`.
	-- nodelay, as skynet's redis driver sets it: without it, Nagle's algorithm holds
	-- a small write while the one before is unacknowledged, and the peer delays its
	-- ACK: B's and C's requests (or Q's after P's) would wait about 40 ms.
	local tagged = socketchannel.channel {
		host = "127.0.0.1", port = port, nodelay = true, auth = auth_tagged, response = read_tagged,
	}
	local plain = socketchannel.channel { host = "127.0.0.1", port = port, nodelay = true, auth = auth_plain }
	tagged:connect(true)
	plain:connect(true)

	-- Part 1: three requests written back to back (A by this coroutine, B and C by two
	-- forked ones); the backend answers them in that order.
	at_once(
		function() ask("A", plain, "SET apple red") end,
		function() ask("B", plain, "GET apple") end,
		function() ask("C", plain, "GET cherry") end)

	-- Part 2: P's WAIT (this coroutine) is answered only after Q's SET, written after it.
	at_once(
		function() ask_tagged("P", tagged, "WAIT banana") end,
		function() ask_tagged("Q", tagged, "SET banana yellow") end)

	-- Part 3: D, asked by this coroutine: the backend drops the connection while D waits for its answer.
	-- The pending request raises socketchannel.error, "[Error: socket]"
	local ok, err = pcall(plain.request, plain, "CLOSE\n", read_line)
	skynet.error(string.format("client: D asked CLOSE, raised %s (%s)", tostring(err),
		err == socketchannel.error and "socketchannel.error" or "another error"))
	assert(not ok)
	-- The next request finds no connection, connects again and runs auth again
	ask("E", plain, "GET apple")

	plain:close()
	tagged:close()
	skynet.send(backend, "lua", "bye")
	skynet.exit()
end)
