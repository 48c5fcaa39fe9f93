-- main.lua: the router app's front: a line protocol whose commands go through the routing proxy.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	local workers = {}
	for i = 1, 3 do
		workers[i] = skynet.newservice("worker", i)
	end
	local router = skynet.newservice("router", table.unpack(workers))
	local audit = skynet.newservice("audit")
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
				local cmd, key, value = line:match "^(%S+)%s*(%S*)%s*(%S*)$"
				local r
				if cmd == "note" then
					skynet.send(router, "lua", "note", key)
					r = "noted"
				elseif cmd == "audit" then
					r = skynet.call(audit, "lua", key)
				elseif cmd == "kill" then
					skynet.kill(workers[tonumber(key)])
					r = "killed worker " .. key
				elseif cmd == "dead" then
					-- routed to a worker that is gone: skynet.redirect drops it, nobody answers; wait 30 ticks
					local co, got = coroutine.running()
					skynet.fork(function()
						local ok, v = pcall(skynet.call, router, "lua", "get", key)
						got = got or (ok and v or "error")
						skynet.wakeup(co)
					end)
					skynet.timeout(30, function()
						got = got or "no answer in 30 ticks"
						skynet.wakeup(co)
					end)
					skynet.wait(co)
					r = got
				elseif cmd == "routed" then
					r = "routed " .. skynet.call(router, "lua", "routed")
				else
					local ok, v = pcall(skynet.call, router, "lua", cmd, key, value)
					r = ok and v or "error"
				end
				socket.write(fd, line .. " -> " .. tostring(r) .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
