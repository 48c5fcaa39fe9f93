-- http.httpc: an HTTP/1.1 client: one connection per request, closed after the
-- response (no keep-alive), as skynet's. "https://" goes through http.tlshelper.
-- httpc.timeout (1/100 s), when set, bounds connecting and the whole request.
-- httpc.bodylimit (bytes, skyglass), when set, bounds a response's body.
local skynet = require "skynet"
local socket = require "http.sockethelper"
local internal = require "http.internal"

local httpc = {}

local default_port = { http = 80, https = 443 }

-- By default names go to the OS resolver (in the socket thread). httpc.dns([server
-- [, port]]) switches to skynet.dns: queries over UDP that never block a thread.
local dns = require "skynet.dns"
local async_dns = false

function httpc.dns(server, port)
	async_dns = true
	dns.server(server, port)
end

-- "https://example.com:8443" -> protocol, host, port, Host header value, is_name.
local function parse_url(target)
	local protocol, rest = target:match("^(%a+)://(.*)$")
	protocol = protocol and protocol:lower() or "http"
	rest = rest or target
	local host, port
	local v6, v6port = rest:match("^%[(.-)%]:?(%d*)$")
	if v6 then
		host, port = v6, tonumber(v6port)
	elseif rest:find(":", 1, true) and rest:find(":", rest:find(":", 1, true) + 1, true) then
		error(string.format("Invalid host: bare IPv6 address '%s', use '[%s]' instead", rest, rest))
	else
		host, port = rest:match("^(.-):(%d+)$")
		host = host or rest
		port = tonumber(port)
	end
	if not default_port[protocol] then
		error("Invalid protocol: " .. protocol)
	end
	port = port or default_port[protocol]
	local is_name = not v6 and not host:find("^%d+%.%d+%.%d+%.%d+$")
	return protocol, host, port, rest, is_name
end

local SSLCTX_CLIENT
local function interface_of(protocol, fd, hostname)
	if protocol == "http" then
		return {
			read = socket.readfunc(fd),
			write = socket.writefunc(fd),
			readall = function() return socket.readall(fd) end,
		}
	end
	local tls = require "http.tlshelper"
	SSLCTX_CLIENT = SSLCTX_CLIENT or tls.newctx()
	local tls_ctx = tls.newtls("client", SSLCTX_CLIENT, hostname)
	return {
		init = tls.init_requestfunc(fd, tls_ctx),
		close = tls.closefunc(tls_ctx),
		read = tls.readfunc(fd, tls_ctx),
		write = tls.writefunc(fd, tls_ctx),
		readall = tls.readallfunc(fd, tls_ctx),
	}
end

local function connect(target, timeout)
	local protocol, host, port, hostheader, is_name = parse_url(target)
	local addr = host
	if is_name and async_dns then
		local msg
		addr, msg = dns.resolve(host)
		if not addr then
			error(string.format("%s dns resolve failed msg:%s", host, msg))
		end
	end
	local fd = socket.connect(addr, port, timeout)
	local interface = interface_of(protocol, fd, is_name and host or nil)
	if timeout then
		-- A response that never ends: shut the socket so the reader wakes with an error.
		skynet.timeout(timeout, function()
			if not interface.finish then
				interface.timed_out = true
				socket.shutdown(fd)
			end
		end)
	end
	if interface.init then
		interface.init(is_name and host or nil)
	end
	return fd, interface, hostheader
end

local function close_interface(interface, fd)
	interface.finish = true
	socket.close(fd)
	if interface.close then
		interface.close()
		interface.close = nil
	end
end

-- skyglass: a request the timeout cut short but that read as complete fails,
-- naming the timeout: skynet's returned what had come as the whole body when the
-- body ran to the close (a server trickling its answer got a truncated 200). A
-- read the timeout broke raises skynet's socket error, as before.
local function check_timeout(interface, method, host, url)
	if interface.timed_out then
		error(string.format("httpc: %s %s%s: no complete response within %g s (httpc.timeout)",
			method, host, url, httpc.timeout / 100))
	end
end

-- request(method, host, url [, recvheader [, header [, content]]]) -> status, body.
-- recvheader, when given, receives the response's header fields.
function httpc.request(method, host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code, body, rheader = pcall(internal.request, interface, method, hostheader, url, recvheader, header,
		content)
	if ok then
		ok, body = pcall(internal.response, interface, code, body, rheader, httpc.bodylimit)
	end
	close_interface(interface, fd)
	if ok then
		check_timeout(interface, method, host, url)
	end
	if not ok then
		error(body or code)
	end
	return code, body
end

function httpc.head(host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code = pcall(internal.request, interface, "HEAD", hostheader, url, recvheader, header, content)
	close_interface(interface, fd)
	if ok then
		check_timeout(interface, "HEAD", host, url)
	end
	if not ok then
		error(code)
	end
	return code
end

-- request_stream(...) -> a stream: read the body piece by piece with
-- stream:padding() (nil at the end) or `for piece in stream do`; stream:close().
function httpc.request_stream(method, host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code, body, rheader = pcall(internal.request, interface, method, hostheader, url, recvheader, header,
		content)
	interface.finish = true -- the caller decides how long to read: no timeout shutdown
	if not ok then
		close_interface(interface, fd)
		error(code)
	end
	-- a bad Content-Length or transfer coding raises: the connection goes with it
	local made, stream = pcall(internal.response_stream, interface, code, body, rheader)
	if not made then
		close_interface(interface, fd)
		error(stream, 0)
	end
	stream._onclose = function() close_interface(interface, fd) end
	return stream
end

function httpc.get(...)
	return httpc.request("GET", ...)
end

local function escape(s)
	return (tostring(s):gsub("([^A-Za-z0-9_])", function(ch) return string.format("%%%02X", ch:byte()) end))
end

-- post(host, url, form [, recvheader]): the form table as x-www-form-urlencoded.
function httpc.post(host, url, form, recvheader)
	local header = { ["content-type"] = "application/x-www-form-urlencoded" }
	local body = {}
	for k, v in pairs(form) do
		body[#body + 1] = escape(k) .. "=" .. escape(v)
	end
	return httpc.request("POST", host, url, recvheader, header, table.concat(body, "&"))
end

return httpc
