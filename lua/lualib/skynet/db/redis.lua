-- skynet.db.redis: a redis client on skynet.socketchannel (RESP protocol, order mode).
--
-- redis.connect(conf) -> db; db:anycommand(args...) sends ANYCOMMAND and returns its reply
-- (bulk and status replies as strings, integers as numbers, arrays as tables, nil for a
-- nil reply); a redis error reply raises its text ("ERR ..."). db:pipeline(ops [, resp])
-- writes many commands at once. redis.watch(conf) -> w for SUBSCRIBE/PSUBSCRIBE and
-- w:message(). Names, arguments and results follow skynet's lualib/skynet/db/redis.lua.
local socketchannel = require "skynet.socketchannel"

local redis = {}

----------------------------------------------------------------------
-- reading replies: each reader returns ok, value
----------------------------------------------------------------------

local read_reply

-- How deep arrays in a reply may nest (skyglass).
local MAX_DEPTH = 1000

-- skyglass: a length or integer that is not one names the reply, rather than
-- failing later in a comparison or a read of a fraction of a byte.
local function integer_of(kind, rest)
	local n = math.tointeger(tonumber(rest))
	if not n then
		error(string.format("redis: bad reply %q", (kind .. rest):sub(1, 80)), 0)
	end
	return n
end

local reply_kind = {
	["+"] = function(_, rest) -- status
		return true, rest
	end,
	["-"] = function(_, rest) -- error: the caller raises its text
		return false, rest
	end,
	[":"] = function(_, rest) -- integer
		return true, integer_of(":", rest)
	end,
	["$"] = function(sock, rest) -- bulk string, or nil for length -1
		local len = integer_of("$", rest)
		if len < 0 then
			return true, nil
		end
		if len > math.maxinteger - 2 then
			-- skyglass: len + 2 would wrap to a negative read size
			error(string.format("redis: bad reply %q", ("$" .. rest):sub(1, 80)), 0)
		end
		local body = sock:read(len + 2) -- the string and its CRLF
		return true, body:sub(1, -3)
	end,
	["*"] = function(sock, rest, depth) -- array: ok is false when any element is an error
		local n = integer_of("*", rest)
		if n < 0 then
			return true, nil
		end
		-- skyglass: a server sending "*1" after "*1" made skynet's recursion run until
		-- Lua's "stack overflow" (200,000 levels: some 50 MB); real replies nest a few deep
		if depth >= MAX_DEPTH then
			error(string.format("redis: reply nested deeper than %d arrays", MAX_DEPTH), 0)
		end
		local items, all_ok = {}, true
		for i = 1, n do
			local ok, v = read_reply(sock, depth + 1)
			all_ok = all_ok and ok
			items[i] = v
		end
		return all_ok, items
	end,
}

function read_reply(sock, depth)
	local line = sock:readline "\r\n"
	local kind = reply_kind[line:sub(1, 1)]
	if not kind then
		error("redis: unknown reply " .. string.format("%q", line))
	end
	return kind(sock, line:sub(2), depth or 0)
end

----------------------------------------------------------------------
-- writing commands: RESP arrays of bulk strings, as a table of pieces
----------------------------------------------------------------------

local function bulk(out, v)
	if v == nil then
		out[#out + 1] = "$-1\r\n"
	else
		v = tostring(v)
		out[#out + 1] = "$" .. #v .. "\r\n"
		out[#out + 1] = v
		out[#out + 1] = "\r\n"
	end
end

-- cmd with args: nil (no argument), a table (args, `n` honoured so nils are kept), or one value.
local function encode(cmd, args)
	local out = {}
	if args == nil then
		out[1] = "*1\r\n"
		bulk(out, cmd)
	elseif type(args) == "table" then
		local n = args.n or #args
		out[1] = "*" .. (n + 1) .. "\r\n"
		bulk(out, cmd)
		for i = 1, n do
			bulk(out, args[i])
		end
	else
		out[1] = "*2\r\n"
		bulk(out, cmd)
		bulk(out, args)
	end
	return out
end

-- A pipeline op is { "cmd", arg, ... }, sent as it is.
local function encode_op(out, op)
	out[#out + 1] = "*" .. #op .. "\r\n"
	for _, v in ipairs(op) do
		bulk(out, v)
	end
end

----------------------------------------------------------------------
-- the command object
----------------------------------------------------------------------

local command = {}
local command_mt = { __index = command } -- no __gc: the channel closes only on disconnect

-- Every unknown method becomes that redis command.
setmetatable(command, { __index = function(methods, name)
	local CMD = name:upper()
	local function send(self, first, ...)
		local args
		if first == nil then
			args = nil
		elseif type(first) == "table" then
			args = first
		else
			args = table.pack(first, ...)
		end
		return self[1]:request(encode(CMD, args), read_reply)
	end
	methods[name] = send
	return send
end })

-- AUTH (with a username when given) and SELECT on every (re)connection.
local function login(conf)
	local password, db = conf.auth, conf.db
	if password == nil and db == nil then
		return nil
	end
	if password and conf.username then
		password = { conf.username, password }
	end
	return function(channel)
		if password then
			channel:request(encode("AUTH", password), read_reply)
		end
		if db then
			channel:request(encode("SELECT", db), read_reply)
		end
	end
end

function redis.connect(conf)
	local channel = socketchannel.channel {
		host = conf.host,
		port = conf.port or 6379,
		auth = login(conf),
		nodelay = true,
		overload = conf.overload,
	}
	channel:connect(true) -- one attempt now; later requests reconnect as needed
	return setmetatable({ channel }, command_mt)
end

function command:disconnect()
	self[1]:close()
	setmetatable(self, nil)
end

local function read_boolean(sock)
	local ok, v = read_reply(sock)
	return ok, v ~= 0
end

-- EXISTS and SISMEMBER answer true/false rather than 1/0.
function command:exists(key)
	return self[1]:request(encode("EXISTS", key), read_boolean)
end

function command:sismember(key, value)
	return self[1]:request(encode("SISMEMBER", table.pack(key, value)), read_boolean)
end

-- pipeline(ops): the last reply. pipeline(ops, resp): appends { ok =, out = } per op
-- to resp and returns it.
function command:pipeline(ops, resp)
	assert(ops and #ops > 0, "pipeline is null")
	local out = {}
	for _, op in ipairs(ops) do
		encode_op(out, op)
	end
	local reader
	if resp then
		reader = function(sock)
			for _ = 1, #ops do
				local ok, v = read_reply(sock)
				resp[#resp + 1] = { ok = ok, out = v }
			end
			return true, resp
		end
	else
		reader = function(sock)
			local ok, v
			for _ = 1, #ops do
				ok, v = read_reply(sock)
			end
			return ok, v
		end
	end
	return self[1]:request(out, reader)
end

----------------------------------------------------------------------
-- watch mode: a connection that only subscribes and receives messages
----------------------------------------------------------------------

local watch = {}
local watch_mt = {
	__index = watch,
	__gc = function(self)
		self.__sock:close()
	end,
}

-- After a reconnection, subscribe again to everything subscribed before.
local function watch_login(conf, w)
	local auth = login(conf)
	return function(channel)
		if auth then
			auth(channel)
		end
		for pattern in pairs(w.__psubscribe) do
			channel:request(encode("PSUBSCRIBE", pattern))
		end
		for name in pairs(w.__subscribe) do
			channel:request(encode("SUBSCRIBE", name))
		end
	end
end

function redis.watch(conf)
	local w = { __subscribe = {}, __psubscribe = {} }
	w.__sock = socketchannel.channel {
		host = conf.host,
		port = conf.port or 6379,
		auth = watch_login(conf, w),
		nodelay = true,
	}
	w.__sock:connect(true)
	return setmetatable(w, watch_mt)
end

function watch:disconnect()
	self.__sock:close()
	setmetatable(self, nil)
end

-- subscribe("a", "b"): one command per name; the confirmations arrive through message().
for _, name in ipairs { "subscribe", "psubscribe", "unsubscribe", "punsubscribe" } do
	local CMD = name:upper()
	watch[name] = function(self, ...)
		for i = 1, select("#", ...) do
			self.__sock:request(encode(CMD, (select(i, ...))))
		end
	end
end

-- Wait for the next message: -> data, channel (or data, channel, pattern for PSUBSCRIBE).
-- Subscription confirmations are recorded on the way, for resubscribing after a reconnect.
function watch:message()
	while true do
		local m = self.__sock:response(read_reply)
		local kind, name = m[1], m[2]
		if kind == "message" then
			return m[3], name
		elseif kind == "pmessage" then
			return m[4], m[3], name
		elseif kind == "subscribe" then
			self.__subscribe[name] = true
		elseif kind == "psubscribe" then
			self.__psubscribe[name] = true
		elseif kind == "unsubscribe" then
			self.__subscribe[name] = nil
		elseif kind == "punsubscribe" then
			self.__psubscribe[name] = nil
		end
	end
end

return redis
