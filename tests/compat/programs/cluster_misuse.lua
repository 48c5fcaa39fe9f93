-- cluster_misuse: skynet.cluster misused on a single node, as a half-configured game node does:
-- cluster.open of a node name the config lacks and of one that is down (false), register of a
-- non-string name and of a string address, query of a down node and of an unknown name on a live one,
-- reload with a node of odd spelling, send to a down node; the node still serves afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local cluster = require "skynet.cluster"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	-- clusterd logs its error after answering: one more round trip lets that line come first
	cluster.unregister("never")
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	cluster.reload { down = false, me = "127.0.0.1:0" }
	try("open unnamed", cluster.open, "nosuch")
	try("open down", cluster.open, "down")
	try("register number name", cluster.register, 12, skynet.self())
	try("register string addr", cluster.register, "svc", ":0100")
	log("register self", cluster.register("svc"))
	try("query down", cluster.query, "down", "svc")
	try("call down", cluster.call, "down", "svc", "hello")
	try("send down", cluster.send, "down", "svc", "hello")
	try("reload odd", cluster.reload, { odd = 42 })
	log("unregister unknown", cluster.unregister("never"))
	log("still serving", skynet.call(".launcher", "lua", "LIST") ~= nil)
	skynet.sleep(20) -- skynet.abort does not wait for the logger
	skynet.abort()
end)
