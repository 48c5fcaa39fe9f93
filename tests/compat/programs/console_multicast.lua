-- console_multicast: debug_console commands over TCP (help, list, service, ping, info, kill), and multicast channels.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mc = require "skynet.multicast"

local mode, arg = ...
local log = skynet.error

if mode == "sub" then
	-- What this subscriber heard, read back by the main service in a fixed order:
	-- two subscribers run on two workers, so their own log lines would race.
	local heard, waiting = {}, nil
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, v)
			if cmd == "join" then
				local ch = mc.new {
					channel = v,
					dispatch = function(channel, source, ...)
						local m = table.pack(...)
						for i = 1, m.n do
							m[i] = tostring(m[i])
						end
						heard[#heard + 1] = table.concat(m, " ", 1, m.n)
						if waiting then
							skynet.wakeup(waiting)
						end
					end,
				}
				ch:subscribe()
				skynet.ret(skynet.pack(true))
			elseif cmd == "heard" then -- wait (bounded) until v messages came
				for _ = 1, 100 do
					if #heard >= v then break end
					waiting = coroutine.running()
					skynet.timeout(10, function() skynet.wakeup(waiting) end)
					skynet.wait(waiting)
					waiting = nil
				end
				skynet.ret(skynet.pack(table.concat(heard, " | ")))
			end
		end)
	end)
	return
end

-- A port free now, for the console (it binds its own).
local function free_port()
	local id, _, port = socket.listen("127.0.0.1", 0)
	socket.close(id)
	return port
end

local function console_command(fd, cmd)
	socket.write(fd, cmd .. "\n")
	local lines = {}
	while true do
		local line = socket.readline(fd, "\n")
		if line == nil then
			lines[#lines + 1] = "(closed)"
			break
		end
		line = line:gsub("\r$", "")
		if line == "<CMD OK>" or line == "<CMD Error>" then
			lines[#lines + 1] = line
			break
		end
		lines[#lines + 1] = line
	end
	return lines
end

skynet.start(function()
	-- multicast: two subscribers, a publish, an unsubscribe, a delete
	local ch = mc.new()
	log("channel id is a number", type(ch.channel))
	local s1 = skynet.newservice(SERVICE_NAME, "sub", "one")
	local s2 = skynet.newservice(SERVICE_NAME, "sub", "two")
	skynet.call(s1, "lua", "join", ch.channel)
	skynet.call(s2, "lua", "join", ch.channel)
	ch:publish("hello", 1, nil)
	ch:publish("again")
	log("sub one heard", skynet.call(s1, "lua", "heard", 2))
	log("sub two heard", skynet.call(s2, "lua", "heard", 2))

	local port = free_port()
	skynet.newservice("debug_console", "127.0.0.1", port)
	local fd = socket.open("127.0.0.1", port)
	log("console banner", socket.readline(fd, "\n"))
	skynet.name(".console_probe", s1)
	for _, cmd in ipairs { "help", "list", "service", "ping " .. skynet.address(s1),
		"info " .. skynet.address(s1), "nosuchcommand", "kill " .. skynet.address(s2), "list" } do
		local lines = console_command(fd, cmd)
		log("console>", cmd, "lines", #lines)
		for _, l in ipairs(lines) do
			if cmd:match("^ping") and l:match("^%d+$") then
				l = "(ticks)" -- the round trip in ticks: 0 or 1 by where the tick falls
			end
			log("  ", l)
		end
	end
	socket.close(fd)
	skynet.sleep(5) -- the console logs the disconnect first
	-- the killed subscriber left the channel as it died; the other one hears this
	ch:publish("last")
	log("sub one heard", skynet.call(s1, "lua", "heard", 3))
	ch:delete()
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
