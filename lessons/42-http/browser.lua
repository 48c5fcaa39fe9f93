-- browser: lesson 42's hand-written HTTP client, the bytes a browser or telnet
-- would send: two requests on one kept-alive connection, then a connection whose
-- request line is not HTTP.
local skynet = require "skynet"
local socket = require "skynet.socket"

-- One response: the status line, header lines up to the blank one, then
-- content-length bytes of body. -> status line, body; nil when the server closed.
local function read_response(fd)
	local status = socket.readline(fd, "\r\n")
	if not status then
		return nil
	end
	local length = 0
	while true do
		local line = socket.readline(fd, "\r\n")
		if not line then
			error("browser: the connection closed inside a header")
		end
		if line == "" then
			break
		end
		local name, value = line:match("^([^:]+):%s*(.*)$")
		if name and name:lower() == "content-length" then
			length = math.tointeger(tonumber(value)) or error("browser: bad content-length " .. value)
		end
	end
	local body = ""
	if length > 0 then
		body = socket.read(fd, length) or error("browser: the connection closed inside a body")
	end
	return status, body
end

local function ask(fd, request)
	socket.write(fd, request)
	local status, body = read_response(fd)
	if not status then
		skynet.error("browser: the server closed the connection without an answer")
		return
	end
	skynet.error(string.format("browser: %s | %s", status, (body:gsub("\n$", ""))))
end

local function run(port)
	-- Part 1: HTTP/1.1 keeps a connection open between requests unless one says otherwise.
	local fd = assert(socket.open("127.0.0.1", port))
	ask(fd, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	-- lesson 42.6: the second request goes on the same connection, and asks the server to close it after answering
	ask(fd, "GET /again HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
	if not socket.read(fd) then -- false: the agent closed its end, as it said it would
		skynet.error("browser: the server closed the connection after the second answer")
	end
	socket.close(fd)
	-- Part 2: an old-style request line, without "HTTP/1.1" at its end.
	fd = assert(socket.open("127.0.0.1", port))
	ask(fd, "GET /hello\r\n\r\n")
	socket.close(fd)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, port)
		assert(cmd == "run", "browser: main only sends run")
		run(port)
		skynet.ret()
	end)
end)
