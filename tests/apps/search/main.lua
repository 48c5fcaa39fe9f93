-- main.lua: a search front that scatters each query to shard services with skynet.request and gathers the
-- answers with select(timeout): slow shards are left out, a failing shard reports false, a dead one an error.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort, skynet.kill

local shards = {}

-- each shard holds the words whose first letter falls in its range
local RANGES = { "a-f", "g-m", "n-s", "t-z" }

local function gather(word, ticks)
	local req = skynet.request()
	for i, shard in ipairs(shards) do
		req:add { shard, "lua", "find", word, i }
	end
	local got = {}
	for r, resp in req:select(ticks) do
		local i = r[5]
		if resp == nil then
			got[#got + 1] = string.format("%d:dead", i)
		elseif resp == false then
			got[#got + 1] = string.format("%d:failed", i)
		else
			got[#got + 1] = string.format("%d:%s", i, resp[1])
		end
	end
	local timed_out = req.timeout and "timeout" or "all"
	req:close() -- the answers still on their way are dropped
	return table.concat(got, " ") .. " (" .. timed_out .. ")"
end

local function answer(cmd, arg)
	if cmd == "find" then
		return gather(arg, 60)
	elseif cmd == "quick" then
		return gather(arg, 15)
	elseif cmd == "kill" then
		skynet.kill(shards[tonumber(arg)])
		return "killed shard " .. arg
	elseif cmd == "count" then
		-- one request with a to-be-closed gatherer, left early after the first answer
		local req <close> = skynet.request()
		for i, shard in ipairs(shards) do
			req:add { shard, "lua", "count", i }
		end
		for r, resp in req:select() do
			return string.format("first count from shard %d: %s", r[4], resp and resp[1] or tostring(resp))
		end
		return "no shard answered"
	elseif cmd == "calls" then
		local n = {}
		for i, shard in ipairs(shards) do
			local ok, r = pcall(skynet.call, shard, "lua", "calls")
			n[i] = ok and r or "x"
		end
		return "calls " .. table.concat(n, ",")
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	for i, range in ipairs(RANGES) do
		-- shard i answers after i * 10 ticks: answers come back in shard order
		shards[i] = skynet.newservice("shard", i, range, i * 10)
	end
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
				socket.write(fd, answer(line:match "^(%S+)%s*(.*)$") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
