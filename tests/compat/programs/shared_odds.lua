-- shared_odds: datacenter and sharedata with odd arguments: datacenter get/set/wait with no key, a
-- number key, nil values, a set of nil clearing a key; sharedata new of a number, a string of code that
-- raises, that returns a number, an existing name, update/delete of a name never made, query of one.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local datacenter = require "skynet.datacenter"
local sharedata = require "skynet.sharedata"

local log = skynet.error

local function first_line(s)
	if type(s) ~= "string" then
		return s
	end
	return (s:match("^[^\n]*"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		r[i] = first_line(r[i])
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("get of nothing", datacenter.get)
	try("set of one value", datacenter.set, "only")
	try("get it", datacenter.get, "only")
	try("set number key", datacenter.set, 1, 2, "v")
	try("get number key", datacenter.get, 1, 2)
	try("get half", function() return type(datacenter.get(1)) end)
	try("set nil", datacenter.set, "k", nil)
	try("get nil", datacenter.get, "k")
	datacenter.set("a", "b", 1)
	try("set a to nil", datacenter.set, "a", nil)
	try("get a.b", datacenter.get, "a", "b")
	try("set of nothing", datacenter.set)
	try("set a nil key", datacenter.set, "x", nil, "v")
	try("wait of nothing", datacenter.wait)
	try("set a boolean key", datacenter.set, true, "v")
	try("get a boolean key", datacenter.get, true)

	try("new of a number", sharedata.new, "n", 42)
	try("query it", function() return sharedata.query("n") end)
	try("new of code raising", sharedata.new, "raise", "error 'no'")
	try("new of code giving a number", sharedata.new, "num", "return 5")
	try("new of a table", sharedata.new, "t", { x = 1 })
	try("new again", sharedata.new, "t", { x = 2 })
	try("update never made", sharedata.update, "nothing", { y = 1 })
	try("delete never made", sharedata.delete, "nothing")
	try("new of nil", sharedata.new, "nil")
	skynet.sleep(20)
	skynet.abort()
end)
