-- socket_writes: what socket.write and socket.lwrite take, as a peer receives it: a string, a number,
-- a table of strings and numbers (up to its first nil), an empty table, a buffer with its size
-- (netpack.pack's), and the refusals: nil, a boolean, a function; and writes to an id that was never a
-- socket and to a closed one (their results). Left out: a table holding a boolean, refused on both in
-- luaL_checklstring's words, which differ between Lua 5.4 ("bad argument #-1") and 5.5 ("bad extra
-- argument #-1").
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"

local function try(what, f)
	skynet.error(what, pcall(f))
end

skynet.start(function()
	local lid, _, port = socket.listen("127.0.0.1", 0)
	local accepted, waiting
	socket.start(lid, function(id)
		accepted = id
		if waiting then skynet.wakeup(waiting) end
	end)
	-- (not woken while in open: socket.open itself waits with skynet.wait on this coroutine)
	local c = socket.open("127.0.0.1", port)
	if not accepted then
		waiting = coroutine.running()
		skynet.wait(waiting)
	end
	socket.start(accepted)

	-- Each write is followed by a marker, so the reader can cut what arrived into pieces.
	local function sent(what, f)
		local ok, err = pcall(f)
		socket.write(c, "|")
		local got = socket.readline(accepted, "|")
		skynet.error(what, ok, err, (got:gsub("%c", "?"))) -- (netpack's length header is binary)
	end
	sent("string", function() return socket.write(c, "abc") end)
	sent("number", function() return socket.write(c, 42) end)
	sent("float", function() return socket.write(c, 1.5) end)
	sent("table", function() return socket.write(c, { "a", "b", 3 }) end)
	sent("table with a hole", function() return socket.write(c, { "x", nil, "z" }) end)
	sent("empty table", function() return socket.write(c, {}) end)
	sent("buffer", function() return socket.write(c, netpack.pack("packed")) end)
	sent("lwrite table", function() return socket.lwrite(c, { "l", "w" }) end)
	sent("nil", function() return socket.write(c, nil) end)
	sent("boolean", function() return socket.write(c, true) end)
	sent("function", function() return socket.write(c, print) end)
	sent("lwrite nil", function() return socket.lwrite(c, nil) end)
	try("write to a never-socket", function() return socket.write(4000, "x") end)
	socket.close(c)
	try("write after close", function() return socket.write(c, "x") end)
	try("lwrite after close", function() return socket.lwrite(c, "x") end)
	try("write with no id", function() return socket.write(nil, "x") end)
	socket.close(accepted)
	socket.close(lid)
	skynet.sleep(10)
	skynet.abort()
end)
