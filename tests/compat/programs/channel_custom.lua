-- channel_custom: skynet.socketchannel with socket_read and socket_readline of its own (as a channel over
-- TLS or a codec reads): what they are called with (the socket object, the size or separator), their
-- results handed to the reader as they are (changed, nil), raising inside them, a custom readline with
-- the default read, and response (session) mode through them.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local sc = require "skynet.socketchannel"

local function serve(id)
	socket.start(id)
	while true do
		local line = socket.readline(id, "\n")
		if not line then break end
		skynet.error("server got", line)
		if line == "bye" then
			socket.close(id)
			break
		elseif line:match("^s%d") then
			-- session mode: "s<n> text" answered as "<n> TEXT"
			local n, text = line:match("^s(%d+) (.*)$")
			socket.write(id, n .. " " .. text:upper() .. "\n")
		else
			socket.write(id, line .. "\n" .. "12345")
		end
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = tostring(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id) skynet.fork(serve, id) end)
	local mode = "plain"
	local c = sc.channel {
		host = "127.0.0.1", port = port,
		socket_read = function(sock, sz)
			skynet.error("socket_read", type(sock), type(sock[1]), sz)
			if mode == "nil" then return nil end
			if mode == "raise" then error("read refused") end
			return socket.read(sock[1], sz)
		end,
		socket_readline = function(sock, sep)
			skynet.error("socket_readline", type(sock), sep == "\n")
			local line = socket.readline(sock[1], sep)
			return line and ("<" .. line .. ">")
		end,
	}
	local function reader(sock)
		local line = sock:readline("\n")
		local rest = sock:read(5)
		return true, tostring(line) .. "|" .. tostring(rest)
	end
	try("request", c.request, c, "hello\n", reader)
	mode = "nil"
	try("read gives nil", c.request, c, "again\n", reader)
	mode = "raise"
	try("read raises", c.request, c, "third\n", reader)
	mode = "plain"
	try("after raise", c.request, c, "fourth\n", reader)
	c:close()

	-- only readline of its own; session mode
	local s = sc.channel {
		host = "127.0.0.1", port = port,
		response = function(sock)
			local line = sock:readline("\n")
			local n, text = line:match("^<(%d+) (.*)>$")
			return tonumber(n), true, text
		end,
		socket_readline = function(sock, sep)
			local line = socket.readline(sock[1], sep)
			return line and ("<" .. line .. ">")
		end,
	}
	try("session 1", s.request, s, "s1 one\n", 1)
	try("session 2", s.request, s, "s2 two\n", 2)
	s:close()
	socket.close(listener)
	skynet.sleep(10)
	skynet.abort()
end)
