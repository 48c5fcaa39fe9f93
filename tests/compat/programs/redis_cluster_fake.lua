-- redis_cluster_fake: skynet.db.redis.cluster against two RESP servers of the program's own that play a
-- cluster: crc16 and keyslot (hash tags), the slot map read from CLUSTER SLOTS, commands routed by slot,
-- MOVED (the map reloaded next time), ASK (ASKING and the command in one pipeline), an error reply,
-- a node that always answers MOVED to itself (too many redirections), commands that cannot be routed,
-- eval over keys in two slots, and a cluster none of whose nodes answers.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local crc16 = require "skynet.db.redis.crc16"
local ports = {}
-- numbers as letters (0 -> a ... 9 -> j), so that the compat masks keep slots and checksums
local function letters(n) return (tostring(n):gsub("%d", function(d) return string.char(97 + d) end)) end
local function bulk(s) return "$" .. #s .. "\r\n" .. s .. "\r\n" end

-- What each node answers; `me` is "N1" or "N2".
local function answer(me, args, conn)
	local cmd = args[1]:upper()
	if cmd == "CLUSTER" then
		local function range(a, b, port)
			return "*3\r\n:" .. a .. "\r\n:" .. b .. "\r\n*2\r\n" .. bulk("127.0.0.1") .. ":" .. port .. "\r\n"
		end
		return "*2\r\n" .. range(0, 8191, ports.N1) .. range(8192, 16383, ports.N2)
	elseif cmd == "PING" then
		return "+PONG\r\n"
	elseif cmd == "ASKING" then
		conn.asking = true
		return "+OK\r\n"
	elseif cmd == "SET" or cmd == "SELECT" then
		return "+OK\r\n"
	elseif cmd == "GET" then
		local key = args[2]
		local asking = conn.asking
		conn.asking = nil
		if key == "moved" and me ~= "N2" then
			return "-MOVED " .. crc16(key) % 16384 .. " 127.0.0.1:" .. ports.N2 .. "\r\n"
		elseif key == "ask" and not asking then
			return "-ASK 456 127.0.0.1:" .. ports.N2 .. "\r\n"
		elseif key == "loop" then
			return "-MOVED 7 127.0.0.1:" .. ports[me] .. "\r\n"
		elseif key == "err" then
			return "-ERR no such thing\r\n"
		end
		return bulk(me .. ":" .. key)
	elseif cmd == "EVAL" then
		return ":3\r\n"
	end
	return "-ERR unknown command\r\n"
end

local function serve(id, me)
	socket.start(id)
	local conn = {}
	while true do
		local head = socket.readline(id, "\r\n")
		if not head then break end
		local args = {}
		for i = 1, tonumber(head:sub(2)) do
			local len = tonumber(socket.readline(id, "\r\n"):sub(2))
			args[i] = socket.read(id, len + 2):sub(1, -3)
		end
		skynet.error(me .. " got", table.concat(args, " "))
		socket.write(id, answer(me, args, conn))
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = tostring(r[i]):gsub("%d%d%d%d+", "PORT") end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local l1, _, p1 = socket.listen("127.0.0.1", 0)
	local l2, _, p2 = socket.listen("127.0.0.1", 0)
	ports.N1, ports.N2 = p1, p2
	socket.start(l1, function(id) skynet.fork(serve, id, "N1") end)
	socket.start(l2, function(id) skynet.fork(serve, id, "N2") end)

	for _, s in ipairs { "", "a", "123456789", "{user1000}.following", "\0\255binary" } do
		skynet.error("crc16", string.format("%q", s):gsub("%d", "#"), letters(crc16(s)))
	end
	local rediscluster = require "skynet.db.redis.cluster"
	local db = rediscluster.new({ { host = "127.0.0.1", port = p1 } }, { max_connections = 4 })
	for _, key in ipairs { "a", "{user1000}.following", "{user1000}.followers", "foo{}{bar}", "foo{{bar}}zap",
		"foo{bar}{zap}", "{}", "{", "}{x}" } do
		skynet.error("keyslot", key, letters(db:keyslot(key)))
	end
	skynet.error("nodes", #db.nodes, "slot 0", db.slots[0].name == "127.0.0.1:" .. p1,
		"slot 16383", db.slots[16383].name == "127.0.0.1:" .. p2)
	try("set a (slot 15495)", db.set, db, "a", 1)
	try("get b (slot 3300)", db.get, db, "b")
	try("get moved", db.get, db, "moved")
	try("slot of moved now", function() return db.slots[db:keyslot "moved"].port == p2 end)
	try("get after moved", db.get, db, "b")
	try("get ask", db.get, db, "ask")
	try("get err", db.get, db, "err")
	try("info", db.info, db)
	try("multi", db.multi, db)
	try("eval one slot", db.eval, db, "return 1", 2, "{t}a", "{t}b")
	try("eval two slots", db.eval, db, "return 1", 2, "a", "b")
	try("eval no keys", db.eval, db, "return 1", 0)
	try("connection by slot", function() return db:get_connection_by_slot(0) == db:get_connection { host = "127.0.0.1", port = p1 } end)
	try("get loop", db.get, db, "loop")
	db:flush_slots_cache()
	skynet.error("after flush", next(db.slots))
	db:close_all_connection()
	try("after close_all", db.get, db, "b")
	db:close_all_connection()

	socket.close(l1)
	socket.close(l2)
	-- nobody listens there any more: no map, and no node to ask
	local none = rediscluster.new { host = "127.0.0.1", port = p1 }
	try("no node", none.get, none, "b")
	skynet.sleep(10)
	skynet.abort()
end)
