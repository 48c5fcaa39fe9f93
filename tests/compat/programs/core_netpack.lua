-- core_netpack: the C layers under skynet.lua and the gate as a user calls them directly: skynet.core's
-- genid, tostring, trash, hpc, now, harbor, pack/unpack/packstring, command/intcommand/addresscommand
-- with odd arguments; netpack.pack/tostring of strings at and past the 64 KB frame limit, of a buffer
-- and a size, of a nil pointer, and netpack.pop of nothing; skynet.memory's total/block/current/info
-- (their types only: skynet built without jemalloc counts nothing, ours counts). An argument error is
-- raised from a Lua call, so that it names the function as called ('tostring'): through pcall Lua names
-- it after the first package.loaded entry holding it, in hash order, which varies.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local c = require "skynet.core"
local netpack = require "skynet.netpack"
local memory = require "skynet.memory"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "number" then r[i] = math.type(v) .. ":" .. tostring(v) end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	-- genid hands out the next session of this service: consecutive, positive.
	local a, b = c.genid(), c.genid()
	skynet.error("genid", math.type(a), b - a, a > 0)
	try("tostring nil", c.tostring, nil)
	try("tostring none", c.tostring)
	try("tostring packed", function()
		local msg, sz = c.pack("hello", 1, true)
		local s = c.tostring(msg, sz)
		c.trash(msg, sz)
		return #s, c.unpack(s)
	end)
	try("tostring no size", function()
		local msg, sz = c.pack("x")
		local ok, err = pcall(function() return c.tostring(msg) end)
		c.trash(msg, sz)
		return ok, err
	end)
	try("trash string", c.trash, "abc")
	try("trash number", c.trash, 42)
	try("trash nil", c.trash, nil)
	try("trash table", c.trash, {})
	try("hpc", function() return math.type(c.hpc()), c.hpc() > 0 end)
	try("now", function() return math.type(c.now()) end)
	try("harbor self", c.harbor, skynet.self())
	try("harbor other", c.harbor, 0x03000001)
	try("harbor string", function() return c.harbor("x") end)
	try("packstring", function() return #c.packstring(1, "two", { 3 }) end)
	try("unpack packstring", function() return c.unpack(c.packstring(1, "two", nil, false)) end)
	try("unpack empty", c.unpack, "")
	try("command NOSUCH", c.command, "NOSUCH")
	try("command REG none", function() return c.command("REG") ~= nil end)
	try("command QUERY unknown", c.command, "QUERY", ".nope")
	try("command of a number", c.command, 42)
	try("command of nil", function() return c.command(nil) end)
	try("intcommand STAT mqlen", c.intcommand, "STAT", "mqlen")
	try("intcommand STAT nosuch", c.intcommand, "STAT", "nosuch")
	try("addresscommand QUERY", c.addresscommand, "QUERY", ".nope")
	try("addresscommand REG", function() return c.addresscommand("REG") == skynet.self() end)

	try("netpack small", function()
		local p, sz = netpack.pack("hello")
		local s = netpack.tostring(p, sz)
		return sz, #s, s:byte(1), s:byte(2), s:sub(3)
	end)
	try("netpack empty", function()
		local p, sz = netpack.pack("")
		local s = netpack.tostring(p, sz)
		return sz, s:byte(1), s:byte(2)
	end)
	try("netpack 65535", function()
		local p, sz = netpack.pack(string.rep("x", 65535))
		local s = netpack.tostring(p, sz)
		return sz, s:byte(1), s:byte(2)
	end)
	try("netpack 65536", netpack.pack, string.rep("x", 65536))
	try("netpack number", function()
		local p, sz = netpack.pack(12345)
		return sz, netpack.tostring(p, sz):sub(3)
	end)
	try("netpack nil", function() return netpack.pack(nil) end)
	try("netpack table", function() return netpack.pack({}) end)
	try("netpack buffer", function()
		local msg, sz = c.pack("inner")
		local p, psz = netpack.pack(msg, sz)
		c.trash(msg, sz)
		local s = netpack.tostring(p, psz)
		return psz - sz, c.unpack(s:sub(3))
	end)
	try("netpack buffer no size", function()
		local msg, sz = c.pack("inner")
		local ok, err = pcall(function() return netpack.pack(msg) end)
		c.trash(msg, sz)
		return ok, err
	end)
	try("netpack tostring nil", netpack.tostring, nil, 0)
	try("netpack tostring no size", function() return netpack.tostring(nil) end)
	try("netpack pop nil", netpack.pop, nil)
	try("netpack clear nil", netpack.clear, nil)

	try("memory total", function() return math.type(memory.total()) end)
	try("memory block", function() return math.type(memory.block()) end)
	try("memory current", function() return math.type(memory.current()) end)
	try("memory info", function() return type(memory.info()) end)
	skynet.sleep(10)
	skynet.abort()
end)
