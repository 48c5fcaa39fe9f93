-- test_redis_cluster: skynet.db.redis.cluster against a real 3-master redis cluster this test
-- starts on free 127.0.0.1 ports (bounded waits, killed at the end), plus a fake node that
-- answers with redirections and junk.
local skynet = require "skynet"
local socket = require "skynet.socket"
local redis = require "skynet.db.redis"
local rediscluster = require "skynet.db.redis.cluster"
local crc16 = require "skynet.db.redis.crc16"
local t = require "testlib"

local dir
local ports = {} -- the three client ports
local ids = {} -- port -> cluster node id

-- n ports the kernel handed out, held open together so they are distinct, then released.
local function free_ports(n)
	local held, out = {}, {}
	for i = 1, n do
		local id, _, p = socket.listen("127.0.0.1", 0)
		held[i], out[i] = id, p
	end
	for _, id in ipairs(held) do
		socket.close(id)
	end
	return out
end

local function wait_until(what, ready)
	for _ = 1, 200 do -- 10 s at most
		if ready() then
			return
		end
		skynet.sleep(5)
	end
	error(what .. " within 10 s")
end

local function start_cluster()
	assert(os.execute("command -v redis-server >/dev/null && command -v redis-cli >/dev/null"),
		"redis-server / redis-cli are not installed (Debian package redis-server)")
	local p = free_ports(6)
	dir = "/tmp/skyglass-rcluster-" .. p[1]
	assert(os.execute("rm -rf " .. dir .. " && mkdir -p " .. dir))
	for i = 1, 3 do
		local port, bus = p[i], p[i + 3]
		ports[i] = port
		-- cluster-port: the bus port must be free too (the default port+10000 may not be)
		assert(os.execute(string.format(
			"redis-server --port %d --bind 127.0.0.1 --save '' --appendonly no --daemonize yes"
			.. " --cluster-enabled yes --cluster-port %d --cluster-config-file %s/nodes-%d.conf"
			.. " --cluster-node-timeout 5000 --dir %s --pidfile %s/redis-%d.pid --logfile %s/redis-%d.log",
			port, bus, dir, port, dir, dir, port, dir, port)), "redis-server did not start")
	end
	for _, port in ipairs(ports) do
		wait_until("redis-server did not listen on port " .. port, function()
			local fd = socket.open("127.0.0.1", port)
			if fd then
				socket.close(fd)
			end
			return fd
		end)
	end
	assert(os.execute(string.format(
		"timeout 20 redis-cli --cluster create 127.0.0.1:%d 127.0.0.1:%d 127.0.0.1:%d"
		.. " --cluster-replicas 0 --cluster-yes > %s/create.log 2>&1", ports[1], ports[2], ports[3], dir)),
		"redis-cli --cluster create failed (see its log in " .. dir .. ")")
	for _, port in ipairs(ports) do
		local c = redis.connect { host = "127.0.0.1", port = port }
		wait_until("the cluster was not ok on port " .. port, function()
			return c:cluster("info"):find("cluster_state:ok", 1, true)
		end)
		ids[port] = c:cluster("myid")
		c:disconnect()
	end
end

local function stop_cluster()
	if dir then
		os.execute(string.format("for f in %s/*.pid; do kill $(cat $f) 2>/dev/null; done; rm -rf %s", dir, dir))
		dir = nil
	end
end

-- A fake cluster node: each command (a RESP array) is answered by answer(args) -> raw reply.
local function fake_node(answer)
	local lid, _, port = socket.listen("127.0.0.1", 0)
	socket.start(lid, function(fd)
		socket.start(fd)
		skynet.fork(function()
			while true do
				local head = socket.readline(fd, "\r\n")
				if not head then
					return
				end
				local args = {}
				for i = 1, tonumber(head:sub(2)) do
					local len = tonumber(socket.readline(fd, "\r\n"):sub(2))
					args[i] = socket.read(fd, len + 2):sub(1, -3)
				end
				-- every connection selects db 0 first
				socket.write(fd, args[1]:lower() == "select" and "+OK\r\n" or answer(args, port))
			end
		end)
	end)
	return port, lid
end

local db

t.run("test_redis_cluster", {
	{ "crc16 and keyslot: hash tags hash only what is inside the first {...}", function()
		t.eq(crc16("123456789"), 0x31C3, "the XMODEM check value")
		local c = rediscluster.new({}, {}) -- no startup node answers: keyslot needs none
		t.eq(c:keyslot("foo"), 12182, "foo's slot (CLUSTER KEYSLOT foo)")
		t.eq(c:keyslot("{user1000}.following"), c:keyslot("user1000"), "a tag")
		t.eq(c:keyslot("a{user1000}b{x}"), c:keyslot("user1000"), "the first tag")
		t.eq(c:keyslot("{}abc"), crc16("{}abc") % 16384, "an empty tag hashes the whole key")
		t.eq(c:keyslot("foo{"), crc16("foo{") % 16384, "an unclosed tag")
	end },
	{ "start a 3-master cluster and map its slots", function()
		start_cluster()
		db = rediscluster.new({ { host = "127.0.0.1", port = ports[1] }, { host = "127.0.0.1", port = ports[2] } },
			{ read_slave = true, db = 0 })
		t.eq(#db.nodes, 3, "three masters")
		local mapped = 0
		for slot = 0, 16383 do
			if db.slots[slot] then
				mapped = mapped + 1
			end
		end
		t.eq(mapped, 16384, "every slot has a node")
		local c = redis.connect { host = "127.0.0.1", port = ports[3] }
		for _, key in ipairs { "foo", "bar", "{tag}x", "list" } do
			t.eq(db:keyslot(key), c:cluster("keyslot", key), "keyslot agrees with redis for " .. key)
		end
		c:disconnect()
	end },
	{ "commands reach the node of their key", function()
		local seen = {}
		for i = 1, 30 do
			local key = "k" .. i
			t.eq(db:set(key, i), "OK", "set " .. key)
			seen[db.slots[db:keyslot(key)].name] = true
		end
		for i = 1, 30 do
			t.eq(db:get("k" .. i), tostring(i), "get k" .. i)
		end
		local nodes = 0
		for _ in pairs(seen) do
			nodes = nodes + 1
		end
		t.eq(nodes, 3, "keys spread over the three nodes")
		db:del("list")
		db:rpush("list", 1, 2, 3)
		t.eq(table.concat(db:lrange("list", 0, -1), ","), "1,2,3", "a list")
		db:hmset("map", "key1", 1, "key2", 2)
		t.eq(#db:hgetall("map"), 4, "hgetall")
	end },
	{ "hash tags: one slot's connection runs a pipeline over tagged keys", function()
		local conn = db:get_connection_by_slot(db:keyslot("{foo}"))
		local r = conn:pipeline({
			{ "del", "{foo}hello" },
			{ "hmset", "{foo}hello", 1, 1, 2, 2 },
			{ "hgetall", "{foo}hello" },
			{ "hincrby", "{foo}hello", 1, 1 },
		}, {})
		t.eq(r[2].out, "OK", "hmset in the pipeline")
		t.eq(#r[3].out, 4, "hgetall in the pipeline")
		t.eq(r[4].out, 2, "hincrby in the pipeline")
	end },
	{ "MOVED: a wrong or flushed map is corrected and then refreshed", function()
		local slot = db:keyslot("A")
		local right = db.slots[slot].name
		local wrong
		for _, node in ipairs(db.nodes) do
			if node.name ~= right then
				wrong = node
			end
		end
		db.slots[slot] = wrong
		t.eq(db:set("A", 1), "OK", "set through a MOVED")
		t.eq(db.slots[slot].name, right, "the MOVED reply's node is remembered")
		t.eq(db.refresh_table_asap, true, "a refresh is due")
		t.eq(db:get("A"), "1", "get")
		t.eq(db.refresh_table_asap, false, "the map was reloaded")
		t.eq(db.slots[slot].slaves ~= nil, true, "a reloaded node")
		db:flush_slots_cache()
		t.eq(db:get("A"), "1", "get with no map: a random node, then MOVED if needed")
		t.eq(db:del("A"), 1, "del")
	end },
	{ "ASK: a slot being migrated is asked at its new node, the map is kept", function()
		db:initialize_slots_cache() -- the MOVED case left it flushed
		local key = "asked"
		local slot = db:keyslot(key)
		local src = db.slots[slot]
		local dst
		for _, node in ipairs(db.nodes) do
			if node.name ~= src.name then
				dst = node
			end
		end
		local s = redis.connect { host = src.host, port = src.port }
		local d = redis.connect { host = dst.host, port = dst.port }
		t.eq(d:cluster("setslot", slot, "importing", ids[src.port]), "OK", "importing")
		t.eq(s:cluster("setslot", slot, "migrating", ids[dst.port]), "OK", "migrating")
		-- the key is not on the source: it answers ASK, the new node takes it after ASKING
		t.eq(db:set(key, "v"), "OK", "set through ASK")
		t.eq(db.slots[slot].name, src.name, "ASK does not change the map")
		t.eq(db:get(key), "v", "get through ASK")
		t.eq(d:pipeline { { "asking" }, { "get", key } }, "v", "the key lives on the new node")
		s:disconnect()
		d:disconnect()
	end },
	{ "errors: redis's text, keyless commands, EVAL across slots", function()
		db:set("str", "x")
		t.raises(function() db:incr("str") end, "ERR value is not an integer", "incr on text")
		t.eq(db:get("str"), "x", "still usable")
		t.raises(function() db:info() end, "No way to dispatch this command to Redis Cluster: info")
		t.raises(function() db:eval("return 1", 2, "a", "b") end, "eval - all keys must map to the same key slot")
		local script = "if redis.call('get', KEYS[1]) == ARGV[1] then return 'ok' else return 'fail' end"
		t.eq(db:eval(script, 1, "str", "x"), "ok", "eval")
		t.eq(db:eval(script, 2, "{t}a", "{t}b", "y"), "fail", "eval over tagged keys")
	end },
	{ "connections are cached by node and reopened after close_all_connection", function()
		local count = 0
		for name, conn in pairs(db.connections) do
			t.eq(name:match("^127%.0%.0%.1:%d+$") ~= nil, true, "named host:port")
			t.eq(type(conn.ping), "function", "a redis connection")
			count = count + 1
		end
		t.eq(count, 3, "one per node")
		db:close_all_connection()
		t.eq(next(db.connections), nil, "none left")
		-- concurrent first commands to one node share its connect
		local done, failed = 0, 0
		for i = 1, 8 do
			skynet.fork(function()
				if not pcall(db.set, db, "c" .. i, i) then
					failed = failed + 1
				end
				done = done + 1
			end)
		end
		wait_until("8 concurrent sets did not finish", function() return done == 8 end)
		t.eq(failed, 0, "concurrent sets")
		local n = 0
		for _ in pairs(db.connections) do
			n = n + 1
		end
		t.eq(n <= 3, true, "at most one connection per node (" .. n .. ")")
		t.eq(db:set("A", 2), "OK", "reconnects")
		t.eq(db:get_random_connection():ping(), "PONG", "a random node")
		t.eq(type(db:cluster("nodes")), "string", "CLUSTER NODES")
	end },
	{ "subscribe and psubscribe deliver to onmessage", function()
		local got = {}
		local sub = rediscluster.new({ host = "127.0.0.1", port = ports[1] }, nil, function(data, channel, pattern)
			got[#got + 1] = table.concat({ data, channel, pattern }, "|")
		end)
		sub:subscribe("world")
		sub:psubscribe("{tag}*team")
		wait_until("no message arrived", function()
			-- publish until both subscriptions are active (the confirmations are asynchronous)
			sub:publish("world", "hello")
			sub:publish("{tag}1team", "hi")
			local m, p
			for _, line in ipairs(got) do
				m = m or line == "hello|world"
				p = p or line == "hi|{tag}1team|{tag}*team"
			end
			return m and p
		end)
		for _, w in pairs(sub.__watching) do
			w:disconnect()
		end
		sub:close_all_connection()
	end },
	{ "stop the cluster", function()
		db:close_all_connection()
		stop_cluster()
	end },
	{ "hostile node: endless MOVED to itself ends after 16 tries", function()
		local moves = 0
		local port, lid = fake_node(function(args, self_port)
			if args[1]:lower() == "cluster" then
				return string.format("*1\r\n*3\r\n:0\r\n:16383\r\n*2\r\n$9\r\n127.0.0.1\r\n:%d\r\n", self_port)
			end
			moves = moves + 1
			return string.format("-MOVED 7 127.0.0.1:%d\r\n", self_port)
		end)
		local c = rediscluster.new({ host = "127.0.0.1", port = port })
		t.eq(#c.nodes, 1, "the fake map")
		t.raises(function() c:get("x") end, "Too many Cluster redirections?,maybe node is disconnected")
		t.eq(moves, 16, "sixteen tries")
		c:close_all_connection()
		socket.close(lid)
	end },
	{ "hostile node: a bad slot map and junk replies raise clear errors", function()
		local port, lid = fake_node(function(args)
			if args[1]:lower() == "cluster" then
				return "*1\r\n*3\r\n:0\r\n:16383\r\n*2\r\n$9\r\n127.0.0.1\r\n$3\r\nabc\r\n" -- port "abc"
			elseif args[1]:lower() == "ping" then
				return "?junk\r\n"
			end
			return "-MOVED x y\r\n"
		end)
		local c = rediscluster.new({ host = "127.0.0.1", port = port })
		t.eq(#c.nodes, 0, "a bad map is not used")
		t.raises(function() c:get("x") end, "Can't reach a single startup node.")
		-- a startup connection exists; route to it by hand to see the junk reply's error
		local conn = c.connections["127.0.0.1:" .. port]
		t.raises(function() conn:ping() end, "redis: unknown reply")
		c.slots[c:keyslot("x")] = { host = "127.0.0.1", port = port }
		t.raises(function() c:get("x") end, "MOVED x y", "a malformed MOVED is an ordinary error")
		c:close_all_connection()
		socket.close(lid)
	end },
	{ "cleanup", function()
		stop_cluster()
	end },
})
