-- agent: lesson 42's HTTP worker. web sends it the id of an accepted socket; it
-- takes the socket over (socket.start) and answers request after request with
-- http.httpd for as long as the client keeps the connection open.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"

local number = ... -- 1 or 2: which of web's agents, for the log

-- Every answer is text. `close` adds "connection: close": the client is told
-- this connection ends after the answer, as it will.
local function answer(id, write, code, body, close)
	local header = { ["content-type"] = "text/plain" }
	if close then
		header.connection = "close"
	end
	local ok, err = httpd.write_response(write, code, body, header)
	if not ok then
		skynet.error(string.format("agent %s: socket %d: the answer was not written: %s", number, id, tostring(err)))
	end
end

local function serve(web, id)
	-- lesson 42.3: start makes this agent the socket's owner: socket_server now sends its messages here
	local ok, err = socket.start(id)
	if not ok then
		skynet.error(string.format("agent %s: socket %d could not be started: %s", number, id, tostring(err)))
		skynet.send(web, "lua", "closed", id)
		return
	end
	local read, write = sockethelper.readfunc(id), sockethelper.writefunc(id)
	local served = 0
	while true do
		-- lesson 42.4: read_request reads up to the blank line after the header;
		-- each socket.read inside it may suspend this coroutine
		local code, url, method, header = httpd.read_request(read, 8192)
		if not code then
			if url == sockethelper.socket_error then
				-- lesson 42.8: the client closed: the read returned false and sockethelper raised socket_error
				skynet.error(string.format("agent %s: the client closed socket %d after %d request(s)", number, id, served))
			else
				-- lesson 42.7: not HTTP: httpd raised, and read_request returns the error text instead of a code
				skynet.error(string.format("agent %s: bad request on socket %d: %s", number, id, tostring(url)))
				answer(id, write, 400, "bad request\n", true)
			end
			break
		end
		if code ~= 200 then -- httpd's own verdict: 413 (header or body too long), 505, 501, 400
			answer(id, write, code, nil, true)
			break
		end
		served = served + 1
		-- url.parse raises on a "%" not followed by two hex digits, as skynet's
		local parsed, path = pcall(urllib.parse, url)
		if not parsed then
			answer(id, write, 400, "bad url\n", true)
			break
		end
		-- lesson 42.5: HTTP/1.1 keeps the connection unless the request says "Connection: close"
		local connection = header.connection -- a list when the header repeats it
		local close = type(connection) == "string" and connection:lower() == "close"
		answer(id, write, 200, string.format("agent %s, socket %d, request %d: %s %s\n", number, id, served, method, path),
			close)
		if close then
			break
		end
	end
	socket.close(id)
	skynet.send(web, "lua", "closed", id)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, source, cmd, id)
		assert(cmd == "serve", "agent: web only sends serve")
		-- Each message runs in a coroutine of its own: while this one waits on a
		-- socket, the agent can take another connection.
		serve(source, id)
	end)
end)
