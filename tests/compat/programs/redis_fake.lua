-- redis_fake: skynet.db.redis against a server of the program's own that speaks RESP with canned replies:
-- what the client sends (nil arguments, numbers, tables with n, AUTH and SELECT at login), and how it
-- reads each reply: status, error, integer, bulk, nil bulk, empty bulk, arrays with nils, errors and
-- arrays inside, a nil array; exists/sismember as booleans; pipeline with and without a result table
-- (an error among the replies); a command whose reply is an error raising in the caller; and the
-- server closing the connection under a request (the channel reconnects and logs in again); watch mode's
-- subscribe/psubscribe and the messages pushed after them.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

-- The canned replies, by command name (upper case) and, for some, by first argument.
local replies = {
	PING = "+PONG\r\n",
	AUTH = "+OK\r\n",
	SELECT = "+OK\r\n",
	SET = "+OK\r\n",
	INCR = ":42\r\n",
	DECR = ":-3\r\n",
	BADCMD = "-ERR unknown command 'BADCMD'\r\n",
	WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
	EMPTY = "$0\r\n\r\n",
	BINARY = "$5\r\na\r\nbc\r\n",
	LIST = "*4\r\n$3\r\none\r\n:2\r\n$-1\r\n+three\r\n",
	NESTED = "*3\r\n*2\r\n:1\r\n:2\r\n-ERR inside\r\n$1\r\nx\r\n",
	NILARRAY = "*-1\r\n",
	EMPTYARRAY = "*0\r\n",
	SISMEMBER = ":0\r\n",
}

local function reply_for(args)
	local cmd = args[1]:upper() -- a pipeline's commands go as they are written
	if cmd == "GET" then
		if args[2] == "missing" then return "$-1\r\n" end
		return "$" .. #args[2] + 2 .. "\r\nv:" .. args[2] .. "\r\n"
	elseif cmd == "SUBSCRIBE" then
		-- the confirmation, then a message on the channel at once
		local ch = args[2]
		return "*3\r\n$9\r\nsubscribe\r\n$" .. #ch .. "\r\n" .. ch .. "\r\n:1\r\n"
			.. "*3\r\n$7\r\nmessage\r\n$" .. #ch .. "\r\n" .. ch .. "\r\n$5\r\nhello\r\n"
	elseif cmd == "PSUBSCRIBE" then
		local pat = args[2]
		return "*3\r\n$10\r\npsubscribe\r\n$" .. #pat .. "\r\n" .. pat .. "\r\n:2\r\n"
			.. "*4\r\n$8\r\npmessage\r\n$" .. #pat .. "\r\n" .. pat .. "\r\n$4\r\nnews\r\n$5\r\nworld\r\n"
	elseif cmd == "EXISTS" then
		return args[2] == "yes" and ":1\r\n" or ":0\r\n"
	end
	return replies[cmd] or "-ERR no canned reply\r\n"
end

-- One connection: read commands (arrays of bulk strings; $-1 for a nil), log them, answer.
local function serve(id, log)
	socket.start(id)
	while true do
		local head = socket.readline(id, "\r\n")
		if not head then break end
		local n = tonumber(head:sub(2))
		local args = {}
		for i = 1, n do
			local len = tonumber(socket.readline(id, "\r\n"):sub(2))
			if len < 0 then
				args[i] = "(nil)"
			else
				args[i] = socket.read(id, len + 2):sub(1, -3)
			end
		end
		log("server got", table.concat(args, " "))
		if args[1] == "HANGUP" then
			socket.close(id)
			break
		end
		socket.write(id, reply_for(args))
	end
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "table" then
			-- up to the largest index, not the border (#), which differs between Lua versions with holes
			local last = 0
			for k in pairs(v) do
				if math.type(k) == "integer" and k > last then last = k end
			end
			local parts = {}
			for j = 1, last + 1 do
				local x = v[j]
				if type(x) == "table" then
					local inner = {}
					for k, y in pairs(x) do inner[#inner + 1] = tostring(k) .. "=" .. tostring(y) end
					table.sort(inner)
					x = "{" .. table.concat(inner, ",") .. "}"
				end
				parts[j] = tostring(x)
			end
			r[i] = "[" .. table.concat(parts, ",") .. "]"
		end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id)
		skynet.fork(serve, id, skynet.error)
	end)
	local redis = require "skynet.db.redis"
	local db = redis.connect { host = "127.0.0.1", port = port, auth = "secret", db = 2 }
	try("ping", db.ping, db)
	try("set", db.set, db, "k", 1)
	try("get", db.get, db, "k")
	try("get missing", db.get, db, "missing")
	try("nil argument", db.set, db, "k", nil)
	try("table with n", db.set, db, { "a", nil, 3, n = 3 })
	try("incr", db.incr, db, "c")
	try("decr", db.decr, db, "c")
	try("error reply", db.badcmd, db)
	try("wrongtype", db.wrongtype, db, "x")
	try("empty bulk", db.empty, db)
	try("binary bulk", db.binary, db)
	try("list", db.list, db)
	try("nested", db.nested, db)
	try("nil array", db.nilarray, db)
	try("empty array", db.emptyarray, db)
	try("exists yes", db.exists, db, "yes")
	try("exists no", db.exists, db, "no")
	try("sismember", db.sismember, db, "set", "m")
	try("float argument", db.set, db, "f", 1.5)
	try("boolean argument", db.set, db, "b", true)
	try("pipeline", db.pipeline, db, { { "set", "p", 1 }, { "incr", "p" }, { "get", "p" } })
	try("pipeline with error last", db.pipeline, db, { { "incr", "p" }, { "badcmd" } })
	local resp = {}
	try("pipeline into a table", db.pipeline, db, { { "get", "a" }, { "badcmd" }, { "get", "missing" } }, resp)
	try("pipeline empty", db.pipeline, db, {})
	-- The server closes the connection on HANGUP: the request fails, the next one reconnects (and logs in).
	try("hangup", db.hangup, db)
	try("after hangup", db.get, db, "back")
	db:disconnect()
	try("after disconnect", function() return db:get("x") end)

	-- watch mode: subscriptions are confirmed, then messages come as the server pushes them.
	local w = redis.watch { host = "127.0.0.1", port = port }
	w:subscribe("ch")
	try("message", w.message, w)
	w:psubscribe("n*")
	try("pmessage", w.message, w)
	w:disconnect()
	socket.close(listener)
	skynet.sleep(10)
	skynet.abort()
end)
