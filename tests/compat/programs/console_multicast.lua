-- console_multicast: debug_console commands over TCP (help, list, service, ping, info, kill), and multicast channels.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mc = require "skynet.multicast"

local mode, arg = ...
local log = skynet.error

if mode == "sub" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, channel_id)
			local ch = mc.new {
				channel = channel_id,
				dispatch = function(channel, source, ...)
					log("sub", arg, "got", ...)
				end,
			}
			ch:subscribe()
			skynet.ret(skynet.pack(true))
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
	skynet.call(s1, "lua", ch.channel)
	skynet.call(s2, "lua", ch.channel)
	ch:publish("hello", 1, nil)
	skynet.sleep(5)
	ch:publish("again")
	skynet.sleep(5)

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
			log("  ", l)
		end
	end
	socket.close(fd)
	skynet.sleep(5) -- the console logs the disconnect first
	-- the killed subscriber left the channel as it died; the other one hears this
	ch:publish("last")
	skynet.sleep(5)
	ch:delete()
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
