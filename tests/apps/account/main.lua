-- main.lua: the account app's front: a line protocol; each request to the account service has a deadline
-- (a call that times out answers "timeout", and its late answer is dropped).
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

local accountd

-- call_timeout(ticks, addr, ...): true and the results, or false, "timeout" / the call's error
local function call_timeout(ticks, addr, ...)
	local co = coroutine.running()
	local result
	local args = table.pack(...)
	skynet.fork(function()
		local r = table.pack(pcall(skynet.call, addr, "lua", table.unpack(args, 1, args.n)))
		if result then
			skynet.error(string.format("late answer to %s dropped", args[1]))
			return
		end
		result = r
		skynet.wakeup(co)
	end)
	skynet.timeout(ticks, function()
		if not result then
			result = { false, "timeout", n = 2 }
			skynet.wakeup(co)
		end
	end)
	skynet.wait(co)
	return table.unpack(result, 1, result.n)
end

local function serve(fd)
	socket.start(fd)
	while true do
		local line = socket.readline(fd)
		if not line then
			return
		end
		if line == "shutdown" then
			skynet.abort()
			return
		end
		local words = {}
		for w in line:gmatch "%S+" do
			words[#words + 1] = w
		end
		local r = table.pack(call_timeout(60, accountd, table.unpack(words)))
		for i = 1, r.n do
			-- an error's first line, without the place it was raised
			r[i] = tostring(r[i]):match("^[^\n]*"):gsub("^.*:%d+: ", "")
		end
		socket.write(fd, line .. " -> " .. table.concat(r, " ", 1, r.n) .. "\n")
	end
end

skynet.start(function()
	skynet.newservice("mongod")
	accountd = skynet.newservice("accountd")
	local id = socket.listen("127.0.0.1", tonumber(skynet.getenv "app_port"))
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
	skynet.error("ready")
end)
