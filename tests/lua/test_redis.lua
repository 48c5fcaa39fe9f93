-- test_redis: skynet.db.redis against a real redis-server this test starts on a free
-- 127.0.0.1 port (no persistence), waits for (bounded), and kills at the end.
local skynet = require "skynet"
local socket = require "skynet.socket"
local redis = require "skynet.db.redis"
local t = require "testlib"

local port, dir

local free_port = t.free_port

local function start_redis()
	assert(os.execute("command -v redis-server >/dev/null"),
		"redis-server is not installed (Debian package redis-server)")
	port = free_port()
	dir = "/tmp/skyglass-redis-" .. port
	assert(os.execute("mkdir -p " .. dir))
	assert(os.execute(string.format(
		"redis-server --port %d --bind 127.0.0.1 --save '' --appendonly no --daemonize yes"
		.. " --dir %s --pidfile %s/redis.pid --logfile %s/redis.log", port, dir, dir, dir)),
		"redis-server did not start")
	-- bounded wait: up to 5 s for it to accept
	for _ = 1, 100 do
		local fd = socket.open("127.0.0.1", port)
		if fd then
			socket.close(fd)
			return
		end
		skynet.sleep(5)
	end
	error("redis-server did not listen on port " .. port .. " within 5 s")
end

local function stop_redis()
	if dir then
		os.execute(string.format("kill $(cat %s/redis.pid) 2>/dev/null; rm -rf %s", dir, dir))
	end
end

local db

t.run("test_redis", {
	{ "start redis-server and connect", function()
		start_redis()
		db = redis.connect { host = "127.0.0.1", port = port, db = 0 }
		t.eq(db:ping(), "PONG", "ping")
		t.eq(db:flushdb(), "OK", "flushdb")
	end },
	{ "SET / GET / INCR / nil / EXISTS", function()
		t.eq(db:set("k", "hello"), "OK", "set")
		t.eq(db:get("k"), "hello", "get")
		t.eq(db:get("missing"), nil, "missing key is nil")
		t.eq(db:incr("n"), 1, "incr is a number")
		t.eq(db:incrby("n", 41), 42, "incrby")
		t.eq(db:exists("k"), true, "exists true")
		t.eq(db:exists("nope"), false, "exists false")
		t.eq(db:set("bin", "a\r\nb\0c"), "OK", "binary set")
		t.eq(db:get("bin"), "a\r\nb\0c", "binary get")
	end },
	{ "arrays and a table of arguments", function()
		db:rpush("list", "a", "b", "c")
		local l = db:lrange("list", 0, -1)
		t.eq(table.concat(l, ","), "a,b,c", "lrange")
		t.eq(db:mset { "x", 1, "y", 2 }, "OK", "mset with a table")
		local v = db:mget("x", "y", "none")
		t.eq(v[1] .. v[2], "12", "mget")
		t.eq(v[3], nil, "nil element")
		db:sadd("set", "m")
		t.eq(db:sismember("set", "m"), true, "sismember")
	end },
	{ "an error reply raises its text; the connection stays usable", function()
		local err = t.raises(function() db:incr("k") end, "ERR value is not an integer")
		t.eq(db:get("k"), "hello", "still usable")
		t.raises(function() db:nosuchcommand() end, "ERR unknown command")
		return err
	end },
	{ "pipeline: last reply, or every reply into resp", function()
		t.eq(db:pipeline { { "set", "p", "1" }, { "incr", "p" }, { "incr", "p" } }, 3, "last")
		local resp = {}
		local r = db:pipeline({ { "get", "p" }, { "incr", "k" }, { "del", "p" } }, resp)
		t.eq(r, resp, "returns resp")
		t.eq(#resp, 3, "three replies")
		t.eq(resp[1].ok, true, "get ok")
		t.eq(resp[1].out, "3", "get out")
		t.eq(resp[2].ok, false, "incr on text fails")
		t.eq(resp[3].out, 1, "del count")
		t.raises(function() db:pipeline {} end, "pipeline is null")
	end },
	{ "watch: subscribe and psubscribe receive published messages", function()
		local w = redis.watch { host = "127.0.0.1", port = port }
		w:subscribe("news")
		w:psubscribe("ev.*")
		local got, done, waiting = {}, false, false
		local me = coroutine.running()
		skynet.fork(function()
			-- a message returns (data, channel); a pmessage (data, channel, pattern)
			while not (got.message and got.pmessage) do
				local m = table.pack(w:message())
				got[m.n == 3 and "pmessage" or "message"] = m
			end
			done = true
			-- only when the test waits below: a wakeup while it waits for a
			-- publish's reply (same token, its coroutine) would end that wait
			if waiting then
				skynet.wakeup(me)
			end
		end)
		-- publish until both subscriptions are active (PUBLISH returns the receivers)
		for _ = 1, 200 do
			if db:publish("news", "probe") > 0 and db:publish("ev.x", "probe") > 0 then
				break
			end
			skynet.sleep(1)
		end
		if not done then
			waiting = true
			skynet.wait(me)
		end
		t.eq(got.message[1], "probe", "message data")
		t.eq(got.message[2], "news", "message channel")
		local p = got.pmessage
		t.eq(p[1] .. "|" .. p[2] .. "|" .. p[3], "probe|ev.x|ev.*", "pmessage data, channel, pattern")
		w:disconnect()
	end },
	{ "disconnect, and a stopped server makes a request raise", function()
		db:disconnect()
		local db2 = redis.connect { host = "127.0.0.1", port = port }
		stop_redis()
		local ok = pcall(db2.ping, db2)
		-- the server may die before or after the ping is written: either way it raises
		for _ = 1, 100 do
			if not ok then
				break
			end
			skynet.sleep(5)
			ok = pcall(db2.ping, db2)
		end
		t.eq(ok, false, "a request to a dead server raises")
		dir = nil
	end },
	{ "stop redis-server", function()
		stop_redis()
	end },
})
