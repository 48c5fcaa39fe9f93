-- web.lua: an http agent: reads requests on one connection until it closes (keep-alive), routes them.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"

local routes = {}

function routes.hello(method, query, body)
	local q = urllib.parse_query(query)
	return 200, "hello " .. (q.name or "nobody")
end

function routes.echo(method, query, body)
	if method ~= "POST" then
		return 405, "POST only\n"
	end
	return 200, body, { ["content-type"] = "application/octet-stream" }
end

function routes.count(method, query, body)
	return 200, "count " .. skynet.call(skynet.uniqueservice("counter"), "lua", "bump", "page")
end

function routes.fail(method, query, body)
	error("route fail raised")
end

function routes.shutdown()
	return 200, "bye"
end

local function serve(fd, who)
	socket.start(fd)
	local read, write = sockethelper.readfunc(fd), sockethelper.writefunc(fd)
	local n = 0
	while true do
		local code, url, method, header, body = httpd.read_request(read, 64)
		if not code then
			if url ~= sockethelper.socket_error then
				skynet.error("web " .. who .. ": bad request: " .. tostring(url))
				httpd.write_response(write, 400, "bad request\n")
			end
			break
		end
		n = n + 1
		if code ~= 200 then
			skynet.error(string.format("web %d: request %d refused %d", who, n, code))
			httpd.write_response(write, code)
			break
		end
		local path, query = urllib.parse(url)
		local route = routes[path:match "^/(%w*)$" or ""]
		local status, text, extra
		if route then
			local ok
			ok, status, text, extra = pcall(route, method, query, body)
			if not ok then
				skynet.error("web " .. who .. ": " .. status)
				status, text = 500, "internal error\n"
			end
		else
			status, text = 404, "no route " .. path .. "\n"
		end
		skynet.error(string.format("web %d: %s %s -> %d", who, method, path, status))
		local ok, err = httpd.write_response(write, status, text, extra)
		if path == "/shutdown" then
			skynet.send(skynet.uniqueservice("counter"), "lua", "shutdown")
		end
		if not ok or (header.connection or ""):lower() == "close" then
			break
		end
	end
	socket.close(fd)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, fd, who)
		serve(fd, who)
	end)
end)
