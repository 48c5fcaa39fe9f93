-- main.lua: an HTTP long-poll server: one service serves every connection in a coroutine of its own; a GET of
-- /poll waits (skynet.wait) until a POST to /publish wakes it or its 40 ticks pass (204).
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"
require "skynet.manager" -- skynet.abort

local waiters = {} -- the coroutines of the polls waiting, in arrival order
local seq = 0

local function poll(since)
	local co = coroutine.running()
	local entry = { co = co }
	waiters[#waiters + 1] = entry
	skynet.timeout(40, function()
		if not entry.done then
			entry.done = true
			skynet.wakeup(co)
		end
	end)
	skynet.wait(co)
	return entry.message
end

local function publish(text)
	seq = seq + 1
	local woken = 0
	for _, entry in ipairs(waiters) do
		if not entry.done then
			entry.done = true
			entry.message = seq .. ":" .. text
			skynet.wakeup(entry.co)
			woken = woken + 1
		end
	end
	waiters = {}
	return woken
end

local function serve(fd)
	socket.start(fd)
	local read, write = sockethelper.readfunc(fd), sockethelper.writefunc(fd)
	while true do
		local code, url, method, header, body = httpd.read_request(read, 1024)
		if not code then
			break
		end
		local path, query = urllib.parse(url)
		if path == "/poll" then
			local msg = poll()
			if msg then
				httpd.write_response(write, 200, msg)
			else
				httpd.write_response(write, 204)
			end
		elseif path == "/publish" and method == "POST" then
			httpd.write_response(write, 200, "woke " .. publish(body))
		elseif path == "/waiting" then
			local n = 0
			for _, e in ipairs(waiters) do
				if not e.done then
					n = n + 1
				end
			end
			httpd.write_response(write, 200, "waiting " .. n)
		elseif path == "/shutdown" then
			skynet.abort()
			return
		else
			httpd.write_response(write, 404, "no " .. path)
		end
	end
	socket.close(fd)
end

skynet.start(function()
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
