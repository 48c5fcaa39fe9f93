-- cluster_snax: snax services reached through skynet.cluster within one node: cluster.snax by the service's
-- unique name, by handle and by a registered @name; req with values and nil holes, a raising method, one
-- returning nothing, post (its order before a req), a method the service lacks.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"
local cluster = require "skynet.cluster"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local clusterd = skynet.uniqueservice("clusterd")
	local _, port = skynet.call(clusterd, "lua", "listen", "127.0.0.1", 0)
	cluster.reload { me = "127.0.0.1:" .. port, __nowaiting = true }
	local svc = snax.uniqueservice("cluster_snax_svc", "first")
	cluster.register("snaxsvc", svc.handle)

	local by_name = cluster.snax("me", "cluster_snax_svc")
	skynet.error("by name type", by_name.type, by_name.handle == svc.handle)
	try("req echo", by_name.req.echo, 1, nil, "three")
	try("req nothing", by_name.req.nothing)
	try("req fail", by_name.req.fail, "this")
	by_name.post.note("posted", 1)
	by_name.post.note("posted", 2)
	try("req after posts", by_name.req.echo, "after")
	try("req missing method", function() return by_name.req.nosuch() end)
	try("post missing method", function() return by_name.post.nosuch() end)

	local by_handle = cluster.snax("me", "cluster_snax_svc", svc.handle)
	try("by handle", by_handle.req.echo, "handle")
	local by_at = cluster.snax("me", "cluster_snax_svc", "@snaxsvc")
	try("by @name", by_at.req.echo, "at")
	-- (left out: cluster.snax of a name no service holds waits for it, on both)
	snax.kill(svc)
	skynet.sleep(10)
	skynet.abort()
end)
