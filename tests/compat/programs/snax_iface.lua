-- snax_iface: snax's interfaces: snax.interface's ids, tostring of an object, posts and requests of
-- methods that do not exist, rawnewservice + bind (twice, with another type), globalservice/queryglobal
-- on one node, printf, profile_info, a raising accept, a table error through req, interfaces refused
-- (a value that is not a function, a method defined twice, a number as a name, init not a function).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local snax = require "skynet.snax"

local log = skynet.error

local function first_line(s)
	return (tostring(s):match("^[^\n]*"))
end

local function sorted(t)
	local keys = {}
	for k, v in pairs(t) do
		keys[#keys + 1] = k .. "=" .. tostring(v)
	end
	table.sort(keys)
	return table.concat(keys, " ")
end

skynet.start(function()
	local i = snax.interface("snax_iface_svc")
	log("name", i.name)
	log("accept", sorted(i.accept))
	log("response", sorted(i.response))
	log("system", sorted(i.system))
	log("same table again", snax.interface("snax_iface_svc") == i)

	local obj = snax.newservice("snax_iface_svc", "a", 2)
	log("tostring", (tostring(obj):gsub(":%x+%]", ":H]")), obj.type, math.type(obj.handle))
	obj.post.ping(3)
	obj.post.ping()
	log("count", obj.req.count())
	log("echo", obj.req.echo(1, nil, "x", nil))
	log("post nosuch", pcall(function() return obj.post.nosuch end))
	log("req nosuch", pcall(function() return obj.req.nosuch end))
	log("req of an accept", pcall(function() return obj.req.ping end))
	local ok, err = pcall(obj.req.fail, "string")
	log("fail string", ok, first_line(err))
	ok, err = pcall(obj.req.fail, "table")
	log("fail table", ok, first_line(err))
	obj.post.raise()
	log("after raise", obj.req.count())

	local h = snax.rawnewservice("snax_iface_svc", "raw")
	log("raw handle", math.type(h))
	local b = snax.bind(h, "snax_iface_svc")
	log("bind twice same", snax.bind(h, "snax_iface_svc") == b)
	log("bind other type", pcall(snax.bind, h, "snax_life_svc"))
	log("raw count", b.req.count())

	local g = snax.globalservice("snax_iface_svc", "global")
	log("global is another", g.handle ~= obj.handle)
	log("queryglobal", snax.queryglobal("snax_iface_svc") == g)
	local u = snax.uniqueservice("snax_iface_svc", "unique")
	log("unique is another", u.handle ~= g.handle, u.handle ~= obj.handle)
	log("queryservice", snax.queryservice("snax_iface_svc") == u)

	snax.printf("printf %d %s %5.2f", 7, "seven", 7.25)
	log("printf bad", pcall(snax.printf, "%d", "x"))
	local prof = snax.profile_info(obj)
	log("profile_info", type(prof))

	for _, bad in ipairs { "snax_iface_bad1", "snax_iface_bad2", "snax_iface_bad3", "snax_iface_bad4" } do
		ok, err = pcall(snax.newservice, bad)
		log(bad, ok, first_line(err))
	end
	snax.kill(obj, "bye")
	-- kill answers before the service exits: without a tick, the next call may still
	-- reach its queue (call failed) instead of a retired address (on both runtimes)
	skynet.sleep(1)
	log("after kill", pcall(obj.req.count))
	skynet.sleep(20)
	skynet.abort()
end)
