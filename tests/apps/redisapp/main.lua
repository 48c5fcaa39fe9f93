-- main.lua: a redis-backed line server: commands through one skynet.db.redis connection, pushes from a watcher.
local skynet = require "skynet"
local socket = require "skynet.socket"
local redis = require "skynet.db.redis"
require "skynet.manager" -- skynet.abort

local db
local listeners = {}

local function show(v)
	if type(v) ~= "table" then
		return tostring(v)
	end
	local parts = {}
	for i, x in ipairs(v) do
		parts[i] = show(x)
	end
	return "[" .. table.concat(parts, ",") .. "]"
end

local COMMANDS = {}

function COMMANDS.set(k, v) return db:set(k, v) end
function COMMANDS.get(k) return db:get(k) end
function COMMANDS.exists(k) return db:exists(k) end
function COMMANDS.hash()
	db:del("h")
	db:hmset("h", "a", "1", "b", "2")
	return db:hgetall("h")
end
function COMMANDS.wrongtype() return db:get("h") end
function COMMANDS.numsub(ch) return db:pubsub("NUMSUB", ch)[2] .. " " .. db:pubsub("NUMPAT") end
function COMMANDS.publish(ch, msg) return db:publish(ch, msg) end

function COMMANDS.pipe()
	local resp = {}
	db:pipeline({ { "del", "n" }, { "incr", "n" }, { "incrby", "n", 10 }, { "set", "s", "x" }, { "incr", "s" } }, resp)
	local out = {}
	for i, r in ipairs(resp) do
		out[i] = tostring(r.ok) .. ":" .. show(r.out)
	end
	local last = db:pipeline({ { "get", "n" }, { "strlen", "s" } })
	return table.concat(out, " ") .. " last " .. tostring(last)
end

-- five coroutines share the connection; socketchannel answers each its own reply
function COMMANDS.burst()
	db:del("b")
	local got, done = {}, 0
	local me = coroutine.running()
	for i = 1, 5 do
		skynet.fork(function()
			got[i] = db:incr("b")
			done = done + 1
			if done == 5 then
				skynet.wakeup(me)
			end
		end)
	end
	skynet.wait(me)
	return show(got)
end

local function serve(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			listeners[fd] = nil
			return
		end
		local words = {}
		for w in line:gmatch "%S+" do
			words[#words + 1] = w
		end
		local cmd = table.remove(words, 1)
		if cmd == "listen" then
			listeners[fd] = true
			socket.write(fd, "listening\n")
		elseif cmd == "shutdown" then
			skynet.abort()
		elseif COMMANDS[cmd] then
			local ok, r = pcall(COMMANDS[cmd], table.unpack(words))
			if ok then
				socket.write(fd, cmd .. " " .. show(r) .. "\n")
			else
				skynet.error(cmd .. " failed: " .. tostring(r))
				socket.write(fd, cmd .. " error\n")
			end
		else
			socket.write(fd, "unknown " .. tostring(cmd) .. "\n")
		end
	end
end

skynet.start(function()
	local conf = { host = "127.0.0.1", port = tonumber(skynet.getenv "redis_port"), db = 0 }
	db = redis.connect(conf)
	skynet.dispatch("lua", function(_, _, what, data, channel, pattern)
		for fd in pairs(listeners) do
			socket.write(fd, string.format("push %s %s %s\n", channel, data, tostring(pattern)))
		end
	end)
	skynet.newservice("watcher", skynet.self())
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
