-- api_odds: smaller parts of skynet's API a service may use: skynet.endless, skynet.cache (the code
-- cache), skynet.tracecall, skynet.queue once required, socket.resolve, socketdriver.str2p.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local driver = require "skynet.socketdriver"

local mode = ...
local log = skynet.error

if mode == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, text)
			skynet.ret(skynet.pack("echo " .. text))
		end)
	end)
else
	skynet.start(function()
		log("endless", skynet.endless())
		log("cache", type(skynet.cache), type(skynet.cache.clear), type(skynet.cache.mode))
		log("queue before require", skynet.queue)
		local q = require "skynet.queue"
		log("queue after require", skynet.queue == q)
		local cs = skynet.queue()
		log("a section", cs(function(a) return a * 2 end, 21))

		local echo = skynet.newservice(SERVICE_NAME, "echo")
		local msg, sz = skynet.tracecall("TAG-1", echo, "lua", skynet.pack("hi"))
		log("tracecall", skynet.unpack(msg, sz))

		local list = socket.resolve("127.0.0.1")
		log("resolve", #list, list[1])
		log("resolve ::1", socket.resolve("::1")[1])
		local p, n = driver.str2p("bytes")
		log("str2p", type(p), n, skynet.tostring(p, n))
		skynet.trash(p, n)
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
