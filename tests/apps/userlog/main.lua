-- main.lua: the userlog app: services log through applog; a worker that fails to start; lines from a client.
local skynet = require "skynet"
local socket = require "skynet.socket"
require "skynet.manager" -- skynet.abort

skynet.start(function()
	skynet.error("main starts", skynet.getenv "logger", skynet.getenv "logservice")
	skynet.newservice("worker", "w1")
	local ok, err = pcall(skynet.newservice, "worker", "fail")
	skynet.error("worker fail started:", ok)
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
				if line == "hups" then
					socket.write(fd, "hups " .. skynet.call(".logger", "lua", "hups") .. "\n")
				else
					skynet.error("client says " .. line)
					socket.write(fd, "logged\n")
				end
			end
		end)
	end)
	skynet.error("ready")
end)
