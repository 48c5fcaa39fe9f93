-- node_b: the harbor test's slave node (harbor 2): runs the cases against node a (the master's) and node c (which leaves).
--
-- Each case logs "CASE name ok" or raises; the driver (harbor_test.py) kills
-- node c when this logs KILL_C, and node a when it logs KILL_A. The exit
-- status is the test's.
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local datacenter = require "skynet.datacenter"

local function case(name, f)
	local ok, err = xpcall(f, debug.traceback)
	if not ok then
		skynet.error("CASE " .. name .. " FAILED: " .. tostring(err))
		skynet.abort(1)
		error("stop")
	end
	skynet.error("CASE " .. name .. " ok")
end

local function expect(got, want, what)
	if got ~= want then
		error(string.format("%s: got %s, want %s", what, tostring(got), tostring(want)), 2)
	end
end

skynet.start(function()
	local pong
	case("queryname", function()
		pong = harbor.queryname("PONG")
		local id, remote = skynet.harbor(pong)
		expect(id, 1, "PONG's harbor")
		expect(remote, true, "PONG is remote")
		expect(select(2, skynet.harbor(skynet.self())), false, "self is not remote")
	end)
	case("call by address", function()
		local word, x, from = skynet.call(pong, "lua", "ping", 42)
		expect(word, "pong", "answer")
		expect(x, 42, "argument back")
		expect(from, pong, "answered by")
	end)
	case("call and send by global name", function()
		expect(select(2, skynet.call("PONG", "lua", "ping", 7)), 7, "call PONG")
		for _ = 1, 100 do
			skynet.send("PONG", "lua", "note")
		end
		-- one connection between two nodes keeps a sender's order
		expect(skynet.call(pong, "lua", "count"), 100, "notes counted before the call")
	end)
	case("a large message", function()
		local big = string.rep("harbor", 200000) -- 1.2 MB
		local back, n = skynet.call(pong, "lua", "echo", big)
		expect(n, #big, "length seen remotely")
		expect(back == big, true, "the same bytes back")
	end)
	case("a remote error", function()
		local ok, err = pcall(skynet.call, pong, "lua", "fail")
		expect(ok, false, "call to a failing service")
		expect(tostring(err):match("call failed") ~= nil, true, "error text " .. tostring(err))
	end)
	case("a name registered here, called from the master's node", function()
		local mine = skynet.newservice("pong")
		skynet.name("BPONG", mine)
		local word, x, from = skynet.call(pong, "lua", "call", "BPONG", "ping", 3)
		expect(word, "pong", "answer")
		expect(from, mine, "answered by BPONG")
	end)
	case("a send to a global name before it exists waits for it", function()
		local got
		local co = coroutine.running()
		skynet.fork(function()
			got = select(2, skynet.call("LATE", "lua", "ping", 9))
			skynet.wakeup(co)
		end)
		skynet.yield()
		local late = skynet.call(pong, "lua", "register", "LATE")
		skynet.wait(co)
		expect(got, 9, "held call answered")
		expect(harbor.queryname("LATE"), late, "LATE's address")
	end)
	case("the datacenter lives on the master's node", function()
		datacenter.set("harbor", "b", 2)
		expect(datacenter.get("harbor", "b"), 2, "value read back")
		expect(skynet.localname(".datacenter"), nil, "no datacenter here")
	end)
	case("a global unique service lives on the master's node", function()
		local g = skynet.uniqueservice(true, "pong")
		expect(skynet.harbor(g), 1, "its harbor")
		expect(skynet.queryservice(true, "pong"), g, "queried")
		expect(select(2, skynet.call(g, "lua", "ping", 11)), 11, "call it")
	end)
	case("an unknown address on a live node", function()
		local ok, err = pcall(skynet.call, (1 << 24) | 0xfff, "lua", "ping")
		expect(ok, false, "call to :01000fff")
	end)
	local cpong
	case("connect and call node c", function()
		harbor.connect(3)
		cpong = harbor.queryname("CPONG")
		expect(skynet.harbor(cpong), 3, "CPONG's harbor")
		expect(select(2, skynet.call(cpong, "lua", "ping", 5)), 5, "call CPONG")
	end)
	case("node c leaves: link returns, messages fail", function()
		local linked = false
		local co = coroutine.running()
		skynet.fork(function()
			harbor.link(3)
			linked = true
			skynet.wakeup(co)
		end)
		skynet.yield()
		skynet.error("KILL_C")
		skynet.wait(co)
		expect(linked, true, "link returned")
		-- skynet writes to the closed connection and the call never returns;
		-- skyglass answers it with an error
		if skynet.getenv "harbor_test_runtime" ~= "skynet" then
			local ok = pcall(skynet.call, cpong, "lua", "ping", 1)
			expect(ok, false, "call to a node that left")
		end
		harbor.link(3) -- returns at once now
	end)
	case("the master leaves: linkmaster returns", function()
		local co = coroutine.running()
		local back = false
		skynet.fork(function()
			harbor.linkmaster()
			back = true
			skynet.wakeup(co)
		end)
		skynet.yield()
		skynet.error("KILL_A")
		skynet.wait(co)
		expect(back, true, "linkmaster returned")
	end)
	skynet.error("HARBOR_B_DONE")
	if skynet.getenv "harbor_test_runtime" == "skynet" then
		skynet.exit() -- skynet's abort ends the process before its logger writes the line above
	else
		skynet.abort(0)
	end
end)
