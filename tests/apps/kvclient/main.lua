-- main.lua: a key-value client built on skynet.socketchannel in session mode, as custom RPC clients are: requests
-- tagged with a session, answers matched as they come (out of order), an auth step on every (re)connect.
local skynet = require "skynet"
local socket = require "skynet.socket"
local socketchannel = require "skynet.socketchannel"
require "skynet.manager" -- skynet.abort

local channel
local session = 0
local auths = 0

-- the backend's answer: "<session> <ok|err> <text>\n"
local function response(sock)
	local line = sock:readline()
	local s, status, text = line:match "^(%d+) (%a+) ?(.*)$"
	return tonumber(s), status == "ok", text
end

local function request(...)
	session = session + 1
	local line = session .. " " .. table.concat({ ... }, " ") .. "\n"
	return channel:request(line, session)
end

local function answer(cmd, arg)
	if cmd == "get" or cmd == "set" or cmd == "slow" or cmd == "fail" or cmd == "drop" then
		local ok, r = pcall(request, cmd, arg)
		return (ok and "" or "error ") .. tostring(r):gsub("^.*:%d+: ", "")
	elseif cmd == "both" then
		-- two requests at once: the slow one is answered after the quick one
		local got = {}
		local co = coroutine.running()
		for _, what in ipairs { "slow " .. arg, "get " .. arg } do
			skynet.fork(function()
				local r = request(what:match "^(%S+) (%S+)$")
				got[#got + 1] = what:match "^%S+" .. "=" .. r
				if #got == 2 then
					skynet.wakeup(co)
				end
			end)
		end
		skynet.wait(co)
		return table.concat(got, " ")
	elseif cmd == "auths" then
		return "auths " .. auths
	elseif cmd == "close" then
		channel:close()
		return "closed"
	end
	return "unknown " .. tostring(cmd)
end

skynet.start(function()
	channel = socketchannel.channel {
		host = "127.0.0.1",
		port = tonumber(skynet.getenv "kv_port"),
		response = response,
		-- runs on every connect, before any queued request goes out
		auth = function(ch)
			auths = auths + 1
			assert(ch:request("0 auth secret\n", 0) == "welcome")
		end,
	}
	channel:connect(true)
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
				socket.write(fd, line .. " -> " .. answer(line:match "^(%S+)%s*(.*)$") .. "\n")
			end
		end)
	end)
	skynet.error("ready")
end)
