-- debug_console: skynet's line console over TCP (nc, telnet, or an HTTP GET) to inspect and steer a running process.
--
-- skynet.newservice("debug_console", port) listens on 127.0.0.1:port;
-- skynet.newservice("debug_console", address, port) on that address. Port 0
-- picks a free port; the log line "Start debug console at IP:PORT" says which.
-- Each line is a command; its output ends with "<CMD OK>" or "<CMD Error>".
-- stat, mem, gc, info, task, ping, exit ... ask services over the debug
-- protocol (PTYPE_DEBUG) or the launcher, as skynet's console does.
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local cross_site = require "http.cross_site"
local core = require "skynet.core"
local memory = require "skynet.memory"
local inject_file = require "skynet.inject_file"
local bounded_pcall = require "skynet.bounded_pcall"

local arg = table.pack(...)
assert(arg.n >= 1 and arg.n <= 2, "debug_console: want [address] port")
local listen_ip = arg.n == 2 and arg[1] or "127.0.0.1"
local listen_port = tonumber(arg[arg.n])
assert(listen_port, "debug_console: the port must be a number, got " .. tostring(arg[arg.n]))
local TIMEOUT = 300 -- 3 s for commands that ask every service

local COMMAND = {}  -- command(args...) -> nil, a string, or a table to print as "key\tvalue" lines
local COMMANDX = {} -- command(split) where split[1] is the whole line (call)

----------------------------------------------------------------------
-- output
----------------------------------------------------------------------

local function sorted_keys(t)
	local keys = {}
	for k in pairs(t) do
		keys[#keys + 1] = k
	end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	return keys
end

-- A table value prints as "k:v" pairs separated by tabs, sorted by key.
local function format_table(t)
	local out = {}
	for _, k in ipairs(sorted_keys(t)) do
		out[#out + 1] = string.format("%s:%s", k, tostring(t[k]))
	end
	return table.concat(out, "\t")
end

local function dump_list(print, list)
	for _, k in ipairs(sorted_keys(list)) do
		local v = list[k]
		print(k, type(v) == "table" and format_table(v) or tostring(v))
	end
end

----------------------------------------------------------------------
-- running one command line
----------------------------------------------------------------------

local function split_cmdline(cmdline)
	local split = {}
	for word in cmdline:gmatch("%S+") do
		split[#split + 1] = word
	end
	return split
end

-- lesson 22.1: one line in, the command's output and <CMD OK> or <CMD Error> out
local function docmd(cmdline, print)
	local split = split_cmdline(cmdline)
	local name = split[1]
	local ok, result
	if COMMAND[name] then
		ok, result = pcall(COMMAND[name], table.unpack(split, 2))
	elseif COMMANDX[name] then
		split[1] = cmdline
		ok, result = pcall(COMMANDX[name], split)
	else
		-- as skynet: the message, an empty line, then <CMD Error>
		print("Invalid command, type help for command list")
		result = ""
	end
	if ok then
		if result then
			-- as skynet: a string is printed, anything else is listed, so
			-- a command answering a boolean or a number raises here, out of
			-- the pcall: the connection ends with the error logged
			if type(result) == "string" then
				print(result)
			else
				dump_list(print, result)
			end
		end
		print("<CMD OK>")
	else
		print(result)
		print("<CMD Error>")
	end
end

-- print(...) for the commands: tab-separated values, one line per call,
-- collected so a command's whole reply goes out in one write (small writes
-- one after another would wait on delayed ACKs: Nagle's algorithm).
local function collector()
	local lines = {}
	local function print(...)
		local t = table.pack(...)
		for i = 1, t.n do
			t[i] = tostring(t[i])
		end
		lines[#lines + 1] = table.concat(t, "\t", 1, t.n) .. "\n"
	end
	local function take()
		local text = table.concat(lines)
		lines = {}
		return text
	end
	return print, take
end

-- An HTTP request: the command is the path ("/list", "/info/:00000008");
-- the answer is the console's output as a text/plain body.
local function http_request(id, request_line)
	local method, path = request_line:match("^(%u+)%s+(%S+)")
	local header = {}
	for _ = 1, 100 do -- the headers, up to the empty line
		local line = socket.readline(id, "\n")
		if line == nil or line == "" or line == "\r" then
			break
		end
		local name, value = line:match("^([^:]+):%s*(.-)%s*$")
		if name then header[name:lower()] = value end
	end
	local collect, take = collector()
	local status = "200 OK"
	local refused = cross_site.refusal(header) -- skyglass: a web page must not run commands
	if refused then
		status = "403 Forbidden"
		collect("refused: " .. refused)
		skynet.error("debug console: refused " .. request_line:gsub("%c", "") .. ": " .. refused)
	elseif method ~= "GET" then
		status = "405 Method Not Allowed"
		collect("only GET is supported, got " .. tostring(method))
	else
		local cmdline = path:sub(2):gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end):gsub("/", " ")
		docmd(cmdline, collect)
	end
	local text = take()
	socket.write(id, string.format("HTTP/1.0 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, #text, text))
end

-- An HTTP client sends its request line at once; a person at nc or telnet
-- waits for the greeting. So the greeting waits up to 100 ms for a first
-- line, and an HTTP request gets an HTTP answer instead.
local function console_main_loop(id, addr)
	skynet.error(addr, "connected")
	local ok, err = pcall(function()
		local me = coroutine.running()
		local first = {}
		skynet.fork(function()
			first.line = socket.readline(id, "\n") or false
			skynet.wakeup(me)
		end)
		skynet.sleep(10, me)
		if first.line and first.line:match("^%u+ /") then http_request(id, first.line) return end
		socket.write(id, "Welcome to skynet console\n")
		if first.line == nil then skynet.wait(me) end -- woken by the reader above
		local print, take = collector()
		-- No command is read while answers wait unsent past 1 MiB (WARNING): 6 MiB
		-- of `list` lines never read grew the process by 130 MB.
		local backlog = false
		socket.warning(id, function(_, kib) backlog = kib > 0 end)
		local cmdline = first.line
		while cmdline do
			cmdline = cmdline:gsub("\r$", "")
			if cmdline ~= "" then
				local done, why = pcall(docmd, cmdline, print)
				socket.write(id, take())
				if not done then
					error(why, 0)
				end
			end
			while backlog and not socket.disconnected(id) do skynet.sleep(1) end -- WARNING 0 never comes if it left
			cmdline = socket.readline(id, "\n")
		end
	end)
	if not ok then
		skynet.error(id, err) -- skynet names the socket id here, the address below
	end
	skynet.error(addr, "disconnect")
	socket.close(id)
end

skynet.start(function()
	local listen_id, ip, port = socket.listen(listen_ip, listen_port)
	skynet.error("Start debug console at " .. tostring(ip or listen_ip) .. ":" .. tostring(port or listen_port))
	socket.start(listen_id, function(id, addr)
		socket.start(id)
		skynet.fork(console_main_loop, id, addr)
	end)
end)

----------------------------------------------------------------------
-- addresses
----------------------------------------------------------------------

-- ".name", ":0000000a" or "a" (hex) -> a handle, failing in skynet's words
-- (no address at all: "attempt to index a nil value (local 'address')").
local function adjust_address(address)
	local prefix = address:sub(1, 1)
	if prefix == "." then
		return assert(skynet.localname(address), "Not a valid name")
	elseif prefix ~= ":" then
		return assert(tonumber("0x" .. address), "Need an address")
	end
	return tonumber(address:sub(2), 16) or address
end

local function timeout(ti)
	if ti then
		ti = tonumber(ti)
		if ti == nil or ti <= 0 then
			return nil
		end
		return ti
	end
	return TIMEOUT
end

local function toboolean(x)
	return x == "true" or x == "on"
end

----------------------------------------------------------------------
-- the commands (skynet's, and skyglass's `tracing`)
----------------------------------------------------------------------

function COMMAND.help()
	return {
		help = "This help message",
		list = "List all the service",
		stat = "Dump all stats",
		info = "info address : get service infomation",
		exit = "exit address : kill a lua service",
		kill = "kill address : kill service",
		mem = "mem : show memory status",
		gc = "gc : force every lua service do garbage collect",
		start = "lanuch a new lua service",
		snax = "lanuch a new snax service",
		clearcache = "clear lua code cache",
		service = "List unique service",
		task = "task address : show service task detail",
		uniqtask = "task address : show service unique task detail",
		inject = "inject address luascript.lua",
		log = "launch a new lua service with log",
		logon = "logon address",
		logoff = "logoff address",
		signal = "signal address sig",
		cmem = "Show C memory info",
		jmem = "Show jemalloc mem stats",
		ping = "ping address",
		call = "call address ...",
		trace = "trace address [proto] [on|off]",
		netstat = "netstat : show netstat",
		profactive = "profactive [on|off] : active/deactive jemalloc heap profilling",
		dumpheap = "dumpheap : dump heap profilling",
		killtask = "killtask address threadname : threadname listed by task",
		dbgcmd = "run address debug command",
		getenv = "getenv name : skynet.getenv(name)",
		setenv = "setenv name value: skynet.setenv(name,value)",
		debug = "debug address : debug a lua service",
		-- skyglass's `tracing` works but is not listed: help prints skynet's list
	}
end

function COMMAND.list()
	return skynet.call(".launcher", "lua", "LIST")
end

function COMMAND.service()
	return skynet.call(".service", "lua", "LIST")
end

-- Ask every service the launcher knows a debug question, at most `ti`
-- ticks; those that do not answer in time read TIMEOUT, as skynet's launcher
-- writes. format(answer, description) makes each line's value.
local function ask_each_service(question, ti, format)
	local list = skynet.call(".launcher", "lua", "LIST")
	local result, pending, waiting = {}, 0, true
	local me = coroutine.running()
	for addr, desc in pairs(list) do
		pending = pending + 1
		skynet.fork(function()
			local ok, answer = pcall(skynet.call, tonumber(addr:sub(2), 16), "debug", question)
			result[addr] = format(ok and answer or "ERROR", desc)
			pending = pending - 1
			if pending == 0 and waiting then
				skynet.wakeup(me)
			end
		end)
	end
	if pending > 0 then
		if ti then
			skynet.sleep(ti, me)
		else
			skynet.wait(me)
		end
	end
	waiting = false
	for addr, desc in pairs(list) do
		result[addr] = result[addr] or format("TIMEOUT", desc)
	end
	return result
end

local function mem_line(kb, desc)
	if type(kb) == "number" then
		return string.format("%.2f Kb (%s)", kb, desc)
	end
	return string.format("%s (%s)", tostring(kb), desc)
end

-- lesson 22.2: stat and mem ask every service over the debug protocol (type 9)
-- (skynet's console asks its launcher, which asks every service the same way)
function COMMAND.stat(ti)
	return ask_each_service("STAT", timeout(ti), function(v) return v end)
end

function COMMAND.mem(ti)
	return ask_each_service("MEM", timeout(ti), mem_line)
end

function COMMAND.gc(ti)
	for addr in pairs(skynet.call(".launcher", "lua", "LIST")) do
		skynet.send(tonumber(addr:sub(2), 16), "debug", "GC")
	end
	return COMMAND.mem(ti)
end

function COMMAND.kill(address)
	local handle = adjust_address(address)
	-- as skynet's: ":0000000b" goes as typed, so the launcher answers "nil"
	if address:sub(1, 1) == ":" then
		handle = address
	end
	return skynet.call(".launcher", "lua", "KILL", handle)
end

function COMMAND.exit(address)
	skynet.send(adjust_address(address), "debug", "EXIT")
end

function COMMAND.start(...)
	local ok, addr = pcall(skynet.newservice, ...)
	if ok then
		if addr then
			return { [skynet.address(addr)] = (...) } -- skynet's: the name only
		end
		return "Exit"
	end
	return "Failed"
end

-- start, with the new service's messages logged (logon) from its first one.
function COMMAND.log(...)
	local ok, addr = pcall(skynet.call, ".launcher", "lua", "LOGLAUNCH", "snlua", ...)
	if ok and addr then
		return { [skynet.address(addr)] = (...) } -- skynet's: the name only
	end
	return "Failed"
end

function COMMAND.snax(...)
	local found, snax = pcall(require, "skynet.snax")
	if not found then
		error("snax is not available in this build", 0)
	end
	local ok, s = pcall(snax.newservice, ...)
	if ok then
		return { [skynet.address(s.handle)] = (...) } -- skynet's: the name only
	end
	return "Failed"
end

function COMMAND.clearcache()
	local found, codecache = pcall(require, "skynet.codecache")
	if found then
		codecache.clear()
	end
end

function COMMAND.dbgcmd(address, cmd, ...)
	address = adjust_address(address)
	if cmd == nil then
		error("dbgcmd: want address and a debug command", 0)
	end
	return skynet.call(address, "debug", cmd, ...)
end

-- lesson 22.3: task asks one service for its suspended coroutines (the viewer's ▼ without a ▲ yet)
function COMMAND.task(address)
	return COMMAND.dbgcmd(address, "TASK")
end

function COMMAND.uniqtask(address)
	return COMMAND.dbgcmd(address, "UNIQTASK")
end

function COMMAND.killtask(address, threadname)
	return COMMAND.dbgcmd(address, "KILLTASK", threadname)
end

function COMMAND.info(address, ...)
	return COMMAND.dbgcmd(address, "INFO", ...)
end

function COMMAND.ping(address)
	address = adjust_address(address)
	local start = skynet.now()
	skynet.call(address, "debug", "PING")
	return tostring(skynet.now() - start)
end

function COMMAND.inject(address, filename, ...)
	address = adjust_address(address)
	if filename == nil then
		error("inject: want address and a file name", 0)
	end
	local source = inject_file(filename)
	if not source then
		return "Can't open " .. filename
	end
	local ok, output = skynet.call(address, "debug", "RUN", source, filename, ...)
	if ok == false then
		-- raised at level 1, as skynet's is: the console's first line of output carries this line's position
		error(output)
	end
	return output
end

function COMMAND.trace(address, proto, flag)
	address = adjust_address(address)
	if flag == nil then
		if proto == "on" or proto == "off" then
			proto = toboolean(proto)
		end
	else
		flag = toboolean(flag)
	end
	skynet.call(address, "debug", "TRACELOG", proto, flag)
end

-- logon: the runtime writes every message the service receives to
-- `logpath`/<address>.log (the config's logpath; without one, nothing), as
-- skynet's LOGON; logoff stops it. Both answer nothing, as skynet's.
function COMMAND.logon(address)
	core.command("LOGON", skynet.address(adjust_address(address)))
end

function COMMAND.logoff(address)
	core.command("LOGOFF", skynet.address(adjust_address(address)))
end

-- signal: the service's module gets the signal (snlua: 0, the default, makes
-- the running Lua code raise "signal 0"; 1 logs its memory), as skynet's.
function COMMAND.signal(address, sig)
	address = skynet.address(adjust_address(address))
	if sig then
		core.command("SIGNAL", string.format("%s %d", address, sig))
	else
		core.command("SIGNAL", address)
	end
end

-- skynet's shape: each service's count (memory.info), then total and block.
function COMMAND.cmem()
	local ret = {}
	for handle, bytes in pairs(memory.info()) do
		ret[skynet.address(handle)] = bytes
	end
	ret.total = memory.total()
	ret.block = memory.block()
	return ret
end

-- jemalloc's commands, as skynet's console runs them: skyglass's memory
-- module answers as skynet built without jemalloc (logging "No jemalloc :
-- ..."), but jestat's five figures are glibc's nearest.
function COMMAND.jmem()
	local ret = {}
	for k, v in pairs(memory.jestat()) do
		ret[k] = string.format("%11d  %8.2f Mb", v, v / 1048576)
	end
	return ret
end

function COMMAND.profactive(flag)
	if flag ~= nil then
		if flag == "on" or flag == "off" then
			flag = toboolean(flag)
		end
		memory.profactive(flag)
	end
	return "heap profilling is " .. (memory.profactive() and "active" or "deactive")
end

function COMMAND.dumpheap()
	memory.dumpheap()
end

-- skynet's remote debugger (debug_agent) is not part of skyglass.
function COMMANDX.debug()
	error("debug: remote debugging (skynet's debug_agent) is not supported by skyglass", 0)
end

-- netstat's numbers as skynet's console shows them: a byte count of 0 is left
-- out, 1 KiB and more is in K or M; a time (skynet.now ticks of the last read
-- or write) becomes how long ago: "0.35s" under a minute, "[h:]m:ss" past it.
local function readable_bytes(n)
	if n == nil or n == 0 then return nil end
	if n < 1024 then return n end
	if n < 1024 * 1024 then return tostring(n / 1024) .. "K" end
	return tostring(n / (1024 * 1024)) .. "M"
end

local function time_ago(ticks, now)
	if ticks == nil then return nil end
	local ago = now - ticks
	if ago < 60 * 100 then return tostring(ago / 100) .. "s" end
	local hours, minutes, seconds = ago // 360000, ago % 360000 // 6000, ago % 6000 / 100
	return string.format("%s%d:%.2gs", hours > 0 and (hours .. ":") or "", minutes, seconds)
end

local function readable_stat(info)
	local now = skynet.now()
	info.address = skynet.address(info.address)
	info.read = readable_bytes(info.read)
	info.write = readable_bytes(info.write)
	info.wbuffer = readable_bytes(info.wbuffer)
	info.rtime = time_ago(info.rtime, now)
	info.wtime = time_ago(info.wtime, now)
end

function COMMAND.netstat()
	if socket.netstat == nil then
		error("netstat is not available in this build", 0)
	end
	local stat = socket.netstat()
	for _, info in ipairs(stat) do
		readable_stat(info)
	end
	return stat
end

function COMMAND.getenv(name)
	if name == nil then
		error("getenv: want a name", 0)
	end
	return { [name] = tostring(skynet.getenv(name)) }
end

function COMMAND.setenv(name, value)
	if name == nil or value == nil then
		error("setenv: want a name and a value", 0)
	end
	return skynet.setenv(name, value)
end

-- skyglass: switch the trace (opened by the config's `trace`) off and on, for
-- the whole runtime or, given an address, for one service.
function COMMAND.tracing(flag, address)
	if flag ~= "on" and flag ~= "off" then
		error("tracing: want on or off, got " .. tostring(flag), 0)
	end
	local param = flag
	if address then
		param = string.format("%s :%08x", flag, adjust_address(address))
	end
	local result = core.command("TRACING", param)
	if result == nil then
		error("tracing: no trace is open (set `trace` in the config)", 0)
	end
	return result
end

-- call address args...: the rest of the line is Lua values, sent as a "lua" call.
function COMMANDX.call(split)
	local address = adjust_address(split[2])
	-- skynet's words for bad input: asserts, positioned here
	local cmdline = assert(split[1]:match("%S+%s+%S+%s(.+)"), "need arguments")
	local args_func = assert(load("return " .. cmdline, "debug console", "t", {}), "Invalid arguments")
	-- skyglass: bounded, so `(function() while true do end end)()` fails (skynet's console spun for good)
	local args = table.pack(bounded_pcall(1000000, "call: the argument list", args_func))
	if not args[1] then
		error(args[2])
	end
	return table.pack(skynet.call(address, "lua", table.unpack(args, 2, args.n)))
end
