-- names_odd: skynet.register and skynet.name with the names a careless program gives: "." alone, a name
-- with a space, a long local name, global names of 15 and 16 characters, a number as a name, a name
-- starting with ":", an empty global name, a name with a dot inside; then localname of each, and a call
-- and a send through the ones that took.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local log = skynet.error

if ... == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, ...) skynet.retpack("echo", ...) end)
	end)
	return
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 1, r.n do r[i] = tostring(r[i]) end
	log(what, table.concat(r, " | ", 1, r.n))
end

skynet.start(function()
	local echo = skynet.newservice(SERVICE_NAME, "echo")
	local me = skynet.self()
	local function is(addr) return addr == echo and "echo" or addr == me and "me" or tostring(addr) end
	local long = "." .. string.rep("n", 100)
	local locals = { ".", ".a b", long, "..x", ".1", ".x.y", ".tab\tname", ".é" }
	for _, name in ipairs(locals) do
		try("name " .. #name, skynet.name, name, echo)
	end
	for _, name in ipairs(locals) do
		log("localname " .. #name, is(skynet.localname(name)))
	end
	log("localname .a", is(skynet.localname(".a")))
	log("localname empty", is(skynet.localname("")))
	try("register .", skynet.register, ".")
	log("localname . after register", is(skynet.localname(".")))
	for _, name in ipairs { "FIFTEENCHARSXYZ", "SIXTEENCHARSWXYZ", "123", ":abc", "", "G.dot", "1e3", "0x10" } do
		try("global " .. name, skynet.name, name, echo)
	end
	log("queryname is echo", harbor.queryname("FIFTEENCHARSXYZ") == echo)
	-- calls and sends through the names that took
	for _, name in ipairs { long, "..x", ".1", ".x.y", "FIFTEENCHARSXYZ", "G.dot" } do
		try("call " .. #name, skynet.call, name, "lua", "hi")
	end
	try("call .a b", skynet.call, ".a b", "lua", "hi")
	try("call .a", skynet.call, ".a", "lua", "hi")
	try("send .nobody", skynet.send, ".nobody", "lua", "hi")
	try("address of name", skynet.address, ".1")
	skynet.sleep(10)
	skynet.abort()
end)
