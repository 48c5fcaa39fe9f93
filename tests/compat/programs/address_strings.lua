-- address_strings: addresses written as strings: the handle in decimal ("8"), hex with 0x, with spaces, as
-- "8.0"; ":hex" short, upper case, with junk after, empty ":"; ".name" registered and not; skynet.address
-- and skynet.harbor of them; send/call/rawcall/redirect through each; a call to a ".name" nobody holds.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do
		if type(r[i]) == "userdata" then r[i] = "ptr" end
	end
	log(what, table.unpack(r, 1, r.n))
end

local mode = ...
if mode == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, what)
			if session ~= 0 then
				skynet.retpack("echo", what)
			else
				skynet.error("echo got", what)
			end
		end)
		skynet.register ".echo"
	end)
	return
end

skynet.start(function()
	local echo = skynet.newservice(SERVICE_NAME, "echo")
	local dec = tostring(echo)
	local hex = string.format("%x", echo)
	local forms = {
		{ "decimal", dec },
		{ "0x", "0x" .. hex },
		{ "spaces", "  " .. dec .. "  " },
		{ "float text", dec .. ".0" },
		{ ":hex short", ":" .. hex },
		{ ":HEX upper", ":" .. string.upper(string.format("%08x", echo)) },
		{ ":hex junk", ":" .. hex .. "zz" },
		{ ".echo", ".echo" },
	}
	for _, f in ipairs(forms) do
		local name, addr = f[1], f[2]
		try("address " .. name, function() return skynet.address(addr) == addr end)
		try("call " .. name, skynet.call, addr, "lua", name)
		try("send " .. name, skynet.send, addr, "lua", name)
		try("rawcall " .. name, function()
			return skynet.unpack(skynet.rawcall(addr, "lua", skynet.pack(name)))
		end)
		try("redirect " .. name, skynet.redirect, addr, skynet.self(), "lua", 0, skynet.pack("r " .. name))
	end
	skynet.sleep(10)
	try("call .nobody", skynet.call, ".nobody", "lua", 1)
	try("send .nobody", skynet.send, ".nobody", "lua", 1)
	try("rawcall .nobody", skynet.rawcall, ".nobody", "lua", skynet.pack(1))
	try("send :", skynet.send, ":", "lua", 1)
	try("send :0", skynet.send, ":0", "lua", 1)
	try("send .", skynet.send, ".", "lua", 1)
	try("localname echo", function() return skynet.localname(".echo") == echo end)
	try("localname dec", skynet.localname, dec)
	try("harbor dec", skynet.harbor, dec)
	try("harbor :hex", skynet.harbor, ":" .. hex)
	try("address 8.0", skynet.address, 8.0)
	try("address float", skynet.address, 2^31)
	try("address bool", skynet.address, true)
	try("address table", function() return skynet.address({}) ~= nil end)
	skynet.sleep(10)
	skynet.abort()
end)
