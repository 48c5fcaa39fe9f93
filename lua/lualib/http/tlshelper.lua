-- http.tlshelper: TLS over a skynet socket. The ltls.c binding encrypts and
-- decrypts in memory; these functions move its bytes through the socket, so an
-- interface made here drops in where sockethelper's read/write would go.
local socket = require "http.sockethelper"
local c = require "ltls.c"

local tlshelper = {}

-- The client's handshake: send ClientHello, then answer until finished.
function tlshelper.init_requestfunc(fd, tls_ctx)
	local read = socket.readfunc(fd)
	local write = socket.writefunc(fd)
	return function(hostname)
		if hostname then
			tls_ctx:set_ext_host_name(hostname)
		end
		write(tls_ctx:handshake())
		while not tls_ctx:finished() do
			local out = tls_ctx:handshake(read())
			if out then
				write(out)
			end
		end
	end
end

-- The server's handshake: answer the client until finished.
function tlshelper.init_responsefunc(fd, tls_ctx)
	local read = socket.readfunc(fd)
	local write = socket.writefunc(fd)
	return function()
		while not tls_ctx:finished() do
			local out = tls_ctx:handshake(read())
			if out then
				write(out)
			end
		end
		-- TLS 1.3 session tickets may still wait in the output buffer.
		local rest = tls_ctx:write()
		if rest ~= "" then
			write(rest)
		end
	end
end

function tlshelper.closefunc(tls_ctx)
	return function() tls_ctx:close() end
end

-- read(n) -> n plain bytes; read() -> the plain bytes available (waiting for some).
function tlshelper.readfunc(fd, tls_ctx)
	local read = socket.readfunc(fd)
	local plain = ""
	-- Records that arrived with the end of the handshake may already hold data.
	local first = true
	local function more()
		if first then
			first = false
			local s = tls_ctx:read("")
			if s ~= "" then
				return s
			end
		end
		return tls_ctx:read(read())
	end
	return socket.remember_socket(function(sz)
		if not sz then
			while plain == "" do
				plain = more()
			end
			local s = plain
			plain = ""
			return s
		end
		while #plain < sz do
			plain = plain .. more()
		end
		local s = plain:sub(1, sz)
		plain = plain:sub(sz + 1)
		return s
	end, fd)
end

function tlshelper.writefunc(fd, tls_ctx)
	local write = socket.writefunc(fd)
	return socket.remember_socket(function(s)
		return write(tls_ctx:write(s))
	end, fd)
end

function tlshelper.readallfunc(fd, tls_ctx)
	return function()
		return tls_ctx:read(socket.readall(fd) or "")
	end
end

function tlshelper.newctx()
	return c.newctx()
end

function tlshelper.newtls(method, ssl_ctx, hostname)
	return c.newtls(method, ssl_ctx, hostname)
end

return tlshelper
