-- trace_env: skynet.trace/tracelog across a call chain (a traced caller, a traced protocol with traceproto, tracelog off), getenv of the config's numbers and missing keys, setenv of numbers and booleans, os.time/skynet.time/starttime agreeing.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "leaf" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, n)
			skynet.tracelog(skynet.tracetag() or "untraced", "leaf got " .. cmd)
			if cmd == "fail" then
				error("leaf fails")
			end
			skynet.retpack(n * 2)
		end)
	end)
	return
elseif mode == "mid" then
	local leaf
	skynet.start(function()
		leaf = skynet.newservice(SERVICE_NAME, "leaf")
		skynet.dispatch("lua", function(session, source, cmd, n)
			if cmd == "bad tracelog" then
				skynet.tracelog("mid got " .. cmd)
			end
			skynet.tracelog(skynet.tracetag() or "untraced", "mid got " .. cmd)
			-- three frames of the handler's own (below them the runtimes' differ)
			local function c3() local ok, v = pcall(skynet.call, leaf, "lua", cmd, n + 1) return ok, v end
			local function c2() local ok, v = c3() return ok, v end
			local ok, v = c2()
			skynet.retpack(ok, v)
		end)
	end)
	return
end

skynet.start(function()
	-- the config's values are strings; missing keys nil
	log("thread", type(skynet.getenv("thread")), skynet.getenv("thread"))
	log("harbor", skynet.getenv("harbor"))
	log("start", skynet.getenv("start"))
	log("missing", skynet.getenv("no_such_key"))
	skynet.setenv("a_number", 42)
	log("number set", type(skynet.getenv("a_number")), skynet.getenv("a_number"))
	log("boolean set", pcall(skynet.setenv, "a_bool", true))
	log("boolean left", skynet.getenv("a_bool"))
	log("float set", pcall(skynet.setenv, "a_float", 1.5), skynet.getenv("a_float"))
	log("empty set", pcall(skynet.setenv, "an_empty", ""), skynet.getenv("an_empty"))
	log("set with a space", pcall(skynet.setenv, "spaced", "a b c"), skynet.getenv("spaced"))
	-- time
	local st = skynet.starttime()
	log("starttime is an integer", math.type(st))
	log("starttime near os.time", math.abs(st - os.time()) <= 2)
	log("time = starttime + now/100", math.abs(skynet.time() - (st + skynet.now() / 100)) < 0.02)
	log("now is an integer", math.type(skynet.now()))
	log("time is a float", math.type(skynet.time()))
	local before = skynet.now()
	skynet.sleep(3)
	log("sleep 3 advances now by at least 3", skynet.now() - before >= 3)
	-- tracing a call chain
	local mid = skynet.newservice(SERVICE_NAME, "mid")
	-- traced from a forked task, its calls three user frames deep (a trace
	-- line's stack shows three frames: here all of them the program's)
	local done = {}
	local function call3(...) local r = table.pack(skynet.call(...)) return table.unpack(r, 1, r.n) end
	local function call2(...) local r = table.pack(call3(...)) return table.unpack(r, 1, r.n) end
	local function call1(...) local r = table.pack(call2(...)) return table.unpack(r, 1, r.n) end
	skynet.fork(function()
		log("tag before", skynet.tracetag())
		skynet.trace("chain")
		log("tag after", (skynet.tracetag():gsub("^:%x+", ":SELF")))
		log("call traced", call1(mid, "lua", "go", 1))
		log("failing call traced", call1(mid, "lua", "fail", 1))
		log("bad tracelog traced", pcall(call1, mid, "lua", "bad tracelog", 1))
		skynet.tracelog(skynet.tracetag(), "main done")
		skynet.tracelog(skynet.tracetag(), 42)
		-- (called by name: through pcall, Lua names a C function after a
		-- package.loaded entry holding it, skynet or skynet.manager at random)
		log("a table to tracelog", pcall(function() skynet.tracelog(skynet.tracetag(), {}) end))
		log("no tag to tracelog", pcall(function() skynet.tracelog() end))
		skynet.wakeup(done)
	end)
	skynet.wait(done)
	log("untraced call", skynet.call(mid, "lua", "quiet", 5))
	skynet.sleep(20)
	skynet.abort()
end)
