-- cluster_local: skynet.cluster within one node: clusterd listening on 127.0.0.1 (port 0), reload with a node
-- table, register/query/unregister, call and send by @name, by .name and by address, proxies (two forms),
-- remote errors, a node that is false and one never named, large arguments, a callee exiting mid-call.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...

if mode == "echo" then
	local pending
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "echo" then
				skynet.retpack("echo", ...)
			elseif cmd == "push" then
				skynet.error("echo got push", ...)
			elseif cmd == "fail" then
				error("echo refuses " .. tostring((...)))
			elseif cmd == "size" then
				local s = ...
				skynet.retpack(#s, s:sub(1, 3), s:sub(-3))
			elseif cmd == "hold" then
				pending = skynet.response()
			elseif cmd == "quit" then
				skynet.retpack("quitting")
				skynet.exit()
			end
		end)
	end)
	return
end

local cluster = require "skynet.cluster"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local clusterd = skynet.uniqueservice("clusterd")
	-- cluster.open(port) listens on 0.0.0.0; the tests stay on 127.0.0.1, so ask clusterd as open does.
	local host, port = skynet.call(clusterd, "lua", "listen", "127.0.0.1", 0)
	skynet.error("listening", host, math.type(port), port > 0)
	cluster.reload { me = "127.0.0.1:" .. port, off = false, __nowaiting = true }

	local echo = skynet.newservice(SERVICE_NAME, "echo")
	cluster.register("echo", echo)
	skynet.name(".echo", echo)
	skynet.error("query echo is echo", cluster.query("me", "echo") == echo)
	try("query nosuch", cluster.query, "me", "nosuch")
	skynet.error("by @name", cluster.call("me", "@echo", "echo", 1, "two", true, nil, 4.5))
	skynet.error("by .name", cluster.call("me", ".echo", "echo", "dot"))
	skynet.error("by address", cluster.call("me", echo, "echo", "addr"))
	cluster.send("me", "@echo", "push", "first", 1)
	cluster.send("me", echo, "push", "second", 2)
	-- the pushes travel the same connection before this call, so echo has logged them when it answers
	skynet.error("after pushes", cluster.call("me", "@echo", "echo", "after"))
	try("remote error", cluster.call, "me", "@echo", "fail", "this")
	try("unknown @name", cluster.call, "me", "@nosuch", "echo", 1)
	try("unknown .name", cluster.call, "me", ".nosuch", "echo", 1)
	local big = string.rep("abcdefgh", 16384) .. "xyz"
	skynet.error("large argument", cluster.call("me", "@echo", "size", big))
	local answer = { cluster.call("me", "@echo", "echo", big) }
	skynet.error("large answer", answer[1], #answer[2])

	local p1 = cluster.proxy("me", "@echo")
	local p2 = cluster.proxy("me@echo")
	skynet.error("one proxy per name", p1 == p2)
	skynet.error("proxy call", skynet.call(p1, "lua", "echo", "via proxy"))
	skynet.send(p1, "lua", "push", "via proxy")
	skynet.error("proxy after push", skynet.call(p1, "lua", "echo", "after"))
	try("proxy of a bad name", cluster.proxy, "nonode")

	try("node off", cluster.call, "off", "@echo", "echo", 1)
	try("node never named", cluster.call, "nowhere", "@echo", "echo", 1)
	cluster.send("nowhere", "@echo", "push", "lost")

	try("register twice", cluster.register, "echo", echo)
	cluster.unregister("echo")
	try("after unregister", cluster.call, "me", "@echo", "echo", 1)
	cluster.unregister("echo")
	cluster.register("echo2", echo)
	skynet.error("registered again", cluster.call("me", "@echo2", "echo", "again"))

	skynet.fork(function()
		try("held call", cluster.call, "me", "@echo2", "hold")
	end)
	skynet.yield() -- the held call goes first
	skynet.error("quit", cluster.call("me", "@echo2", "quit"))
	-- wait until it is gone: a call that meets it dying fails otherwise
	-- ("call failed", not "call to invalid address"; once under TSan)
	while pcall(skynet.call, echo, "debug", "PING") do
		skynet.sleep(1)
	end
	try("after quit", cluster.call, "me", "@echo2", "echo", 1)
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
