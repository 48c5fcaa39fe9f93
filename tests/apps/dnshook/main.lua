-- main.lua: a webhook sender that finds its API by name: httpc with skynet's DNS client pointed at the app's
-- own nameserver, calling the app's own httpd (on a port the kernel picks) as api.game.test.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local httpc = require "http.httpc"
local sockethelper = require "http.sockethelper"
local dns = require "skynet.dns"
require "skynet.manager" -- skynet.abort

local api_port
local nameserver

-- the API: answers with the path and the Host header it was sent
local function serve_api(fd)
	socket.start(fd)
	local code, url, method, header = httpd.read_request(sockethelper.readfunc(fd), 1024)
	if code then
		httpd.write_response(sockethelper.writefunc(fd), 200, method .. " " .. url .. " host " .. tostring(header.host))
	end
	socket.close(fd)
end

local function call(host, path)
	local ok, code, body = pcall(httpc.get, host .. ":" .. api_port, path)
	if not ok then
		return "failed: " .. tostring(code):gsub("^.*:%d+: ", "")
	end
	return code .. " " .. body
end

local function answer(cmd, arg)
	if cmd == "get" then
		return call(arg, "/hook")
	elseif cmd == "resolve" then
		local ok, ip, all = pcall(dns.resolve, arg)
		if not ok then
			return "resolve failed: " .. tostring(ip):gsub("^.*:%d+: ", "")
		end
		return "resolved " .. tostring(ip) .. " (" .. (type(all) == "table" and #all or 0) .. " in all)"
	elseif cmd == "questions" then
		return "nameserver got " .. skynet.call(nameserver, "lua", "count") .. " questions"
	elseif cmd == "flush" then
		dns.flush()
		return "flushed"
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	nameserver = skynet.newservice("nameserver")
	httpc.dns("127.0.0.1", tonumber(skynet.getenv "app_port2"))
	local api, _, port = socket.listen("127.0.0.1", 0)
	api_port = port
	socket.start(api, function(fd)
		skynet.fork(serve_api, fd)
	end)
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(function()
			socket.start(fd)
			while true do
				local line = socket.readline(fd)
				if not line or line == "shutdown" then
					skynet.abort()
					return
				end
				socket.write(fd, line .. " -> " .. answer(line:match "^(%S+)%s*(.*)$") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
