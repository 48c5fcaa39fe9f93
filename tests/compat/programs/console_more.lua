-- console_more: debug_console's other commands over TCP (stat, mem, gc, task, uniqtask, info with info_func, inject, dbgcmd, call, getenv/setenv, start, exit, logon/logoff, netstat, signal).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local mode = ...
local log = skynet.error

if mode == "worker" then
	skynet.start(function()
		skynet.info_func(function(...)
			return { hello = "info", n = select("#", ...), first = ... }
		end)
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "hold" then
				skynet.sleep(10000) -- a task the console lists
			elseif cmd == "echo" then
				skynet.retpack(...)
			elseif cmd == "injected" then
				skynet.retpack(rawget(_G, "INJECTED"))
			end
		end)
	end)
	return
end

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
		if not line then
			lines[#lines + 1] = "(closed)"
			break
		end
		line = line:gsub("\r$", "")
		lines[#lines + 1] = line
		if line == "<CMD OK>" or line == "<CMD Error>" then
			break
		end
	end
	return lines
end

-- Numbers that differ between runs or runtimes (memory, cpu, counts) become N.
-- Pointers and files of each runtime's library are masked the same way.
local function plain(l)
	l = l:gsub("0x%x+", "PTR"):gsub("[%w/_%.]*lualib/([%w_/]+)%.lua:%d+", "LIB/%1.lua")
	l = l:gsub("[%w/_%.]*service/([%w_/]+)%.lua:%d+", "LIB/%1.lua")
	return (l:gsub("%d+%.?%d*", "N"))
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "worker")
	skynet.name(".worker", w)
	skynet.fork(function() pcall(skynet.call, w, "lua", "hold") end)
	skynet.sleep(1)
	local port = free_port()
	skynet.newservice("debug_console", "127.0.0.1", port)
	local fd = socket.open("127.0.0.1", port)
	log("console banner", socket.readline(fd, "\n"))
	local inject = os.tmpname()
	local f = io.open(inject, "w")
	f:write("INJECTED = 'yes'\nprint('injected code runs', ...)\nreturn 42\n")
	f:close()
	local W = skynet.address(w)
	local cmds = {
		"stat", "mem", "gc", "cmem",
		"task " .. W, "uniqtask " .. W, "info " .. W, "info " .. W .. " a b",
		"inject " .. W .. " " .. inject, "call " .. W .. ' "echo", 1, "two", {3}',
		"call " .. W .. ' "injected"',
		"dbgcmd " .. W .. " PING",
		"getenv thread", "setenv console_key v1", "getenv console_key",
		"netstat", "logon " .. W, "logoff " .. W,
		"info :12345678", "task", "info .nosuch", "info zz", "start", "start nosuchservice_xyz",
		"dbgcmd " .. skynet.address(skynet.self()) .. " SUPPORT lua", -- false: nothing listed
		"dbgcmd " .. W .. " SUPPORT lua", -- true: the console fails listing it and drops the connection
		"reconnect", "exit " .. W, "list",
		"dumpheap", "profactive", "profactive on", "clearcache",
		"ping .worker_gone", "call " .. skynet.address(skynet.self()) .. " bad syntax (",
		"killtask", "uniqtask", "signal",
		"snax no_such_snax", "start console_more worker", "log", "log console_more worker",
	}
	for _, cmd in ipairs(cmds) do
		if cmd == "reconnect" then
			socket.close(fd)
			skynet.sleep(5) -- the console logs the disconnect first
			fd = socket.open("127.0.0.1", port)
			log("console banner", socket.readline(fd, "\n"))
			goto continue
		end
		local lines = console_command(fd, cmd)
		if cmd == "exit " .. W then
			-- exit is a send: the worker logs "KILL self" when it gets to it.
			-- Wait until it is gone, so the log has one order on both runtimes.
			while pcall(skynet.call, w, "debug", "PING") do
				skynet.sleep(1)
			end
		end
		log("console>", plain(cmd:gsub(inject, "FILE")))
		for _, l in ipairs(lines) do
			-- tracebacks name each runtime's own frames; cmem's per-service
			-- lines are there only with jemalloc
			if not (l:match("^\t") or (cmd == "cmem" and l:match("^:"))) then
				log("  ", plain(l:gsub(inject, "FILE")))
			end
		end
		::continue::
	end
	os.remove(inject)
	socket.close(fd)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
