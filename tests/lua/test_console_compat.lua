-- test_console_compat: debug_console answers as skynet's does where tests/compat found it did not (cmem, netstat order, bad addresses, a non-table answer).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local t = require "testlib"

local port, fd

local function command(cmd)
	socket.write(fd, cmd .. "\n")
	local lines = {}
	for _ = 1, 1000 do
		local line = socket.readline(fd, "\n")
		if not line then
			lines[#lines + 1] = "(closed)"
			break
		end
		lines[#lines + 1] = line
		if line == "<CMD OK>" or line == "<CMD Error>" then break end
	end
	return lines
end

local function connect()
	fd = socket.open("127.0.0.1", port)
	assert(socket.readline(fd, "\n"):find("Welcome", 1, true), "banner")
end

t.run("test_console_compat", {
	{ "start a console", function()
		local id, _, p = socket.listen("127.0.0.1", 0)
		socket.close(id)
		port = p
		skynet.newservice("debug_console", "127.0.0.1", port)
		connect()
	end },
	{ "cmem lists total and block, as skynet's", function()
		local lines = command("cmem")
		local keys = {}
		for _, l in ipairs(lines) do
			keys[#keys + 1] = l:match("^(%a+)\t")
		end
		t.eq(table.concat(keys, " "), "block total", "cmem keys")
	end },
	{ "netstat lists the newest socket first", function()
		local lines = command("netstat")
		t.eq(#lines, 4, "three sockets and <CMD OK>")
		assert(lines[3]:find("type:LISTEN", 1, true), "the listener (oldest) is last: " .. lines[3])
		local first = tonumber(lines[1]:match("\tid:(%d+)"))
		local second = tonumber(lines[2]:match("\tid:(%d+)"))
		assert(first > second, "ids descend: " .. lines[1] .. " / " .. lines[2])
	end },
	{ "bad addresses fail in skynet's words", function()
		local lines = command("task")
		assert(lines[1]:find("attempt to index a nil value (local 'address')", 1, true), lines[1])
		t.eq(lines[2], "<CMD Error>", "task without an address")
		lines = command("info .nosuch")
		assert(lines[1]:find("Not a valid name$"), lines[1])
		lines = command("info zz")
		assert(lines[1]:find("Need an address$"), lines[1])
	end },
	{ "another node's address: the harbor drops the call, which fails", function()
		local lines = command("info :12345678")
		assert(lines[1]:find("call failed$"), lines[1])
		t.eq(lines[2], "<CMD Error>", "info of a remote address")
	end },
	{ "start without a name fails; with arguments it answers the name only", function()
		t.eq(command("start")[1], "Failed", "start with nothing")
		local line = command("start echo_service one two")[1]
		assert(line:match("^:%x+\techo_service$"), line)
	end },
	{ "call with arguments that do not parse, jemalloc's commands", function()
		local lines = command("call " .. skynet.address(skynet.self()) .. " bad syntax (")
		assert(lines[1]:find("Invalid arguments$"), lines[1])
		t.eq(command("profactive on")[1], "heap profilling is deactive", "profactive")
		t.eq(command("dumpheap")[1], "<CMD OK>", "dumpheap logs skynet's line and answers nothing")
		lines = command("jmem")
		assert(lines[1]:match("^stats%.active\t +%d+ +[%d.]+ Mb$"), lines[1])
	end },
	{ "an answer that is neither a string nor a table ends the connection", function()
		local lines = command("dbgcmd " .. skynet.address(skynet.self()) .. " SUPPORT nosuch")
		t.eq(lines[1], "<CMD OK>", "false lists nothing")
		lines = command("dbgcmd " .. skynet.address(skynet.self()) .. " SUPPORT debug")
		t.eq(lines[1], "(closed)", "true cannot be listed: skynet's console drops the connection")
		socket.close(fd)
		connect()
		t.eq(command("getenv thread")[2], "<CMD OK>", "a new connection works")
		socket.close(fd)
	end },
})
