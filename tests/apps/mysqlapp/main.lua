-- main.lua: an inventory service on skynet.db.mysql: a table made at start, commands from a line client.
local skynet = require "skynet"
local socket = require "skynet.socket"
local mysql = require "skynet.db.mysql"
require "skynet.manager" -- skynet.abort

local db

local function show(v)
	if type(v) ~= "table" then
		return tostring(v)
	end
	local keys = {}
	for k in pairs(v) do
		keys[#keys + 1] = k
	end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local parts = {}
	for i, k in ipairs(keys) do
		parts[i] = tostring(k) .. "=" .. show(v[k])
	end
	return "{" .. table.concat(parts, ",") .. "}"
end

local CMD = {}

function CMD.add(name, n)
	return db:query(string.format("INSERT INTO items (name, n) VALUES (%s, %d)", mysql.quote_sql_str(name), tonumber(n)))
end

function CMD.list()
	return db:query("SELECT name, n FROM items ORDER BY id")
end

function CMD.multi()
	return db:query("SELECT COUNT(*) AS c FROM items; SELECT SUM(n) AS s FROM items")
end

function CMD.bad()
	return db:query("SELEC nonsense")
end

function CMD.dup()
	return db:query("INSERT INTO items (id, name, n) VALUES (1, 'again', 0)")
end

function CMD.prepared(name)
	local stmt = db:prepare("SELECT n FROM items WHERE name = ?")
	local r = db:execute(stmt, name)
	db:stmt_close(stmt)
	return r
end

function CMD.burst()
	local got, done, me = {}, 0, coroutine.running()
	for i = 1, 4 do
		skynet.fork(function()
			got[i] = db:query("SELECT " .. i .. " * 10 AS v")[1].v
			done = done + 1
			if done == 4 then
				skynet.wakeup(me)
			end
		end)
	end
	skynet.wait(me)
	return got
end

skynet.start(function()
	db = mysql.connect {
		host = "127.0.0.1",
		port = tonumber(skynet.getenv "mysql_port"),
		user = "root",
		password = "",
		database = "mysql",
		max_packet_size = 1024 * 1024,
	}
	db:query("CREATE DATABASE IF NOT EXISTS shop")
	db:query("USE shop")
	db:query("DROP TABLE IF EXISTS items")
	db:query("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32), n INT)")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(function()
			socket.start(fd)
			while true do
				local line = socket.readline(fd)
				if not line or line == "shutdown" then
					skynet.abort()
					return
				end
				local words = {}
				for w in line:gmatch "%S+" do
					words[#words + 1] = w
				end
				local cmd = table.remove(words, 1)
				local ok, r = pcall(CMD[cmd], table.unpack(words))
				socket.write(fd, line .. " -> " .. (ok and show(r) or "error " .. tostring(r)) .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
