-- pack_refusals: values skynet.pack refuses (a function, a coroutine, a table 40 deep, a table holding
-- itself) among the arguments of send, call, retpack, a response and skynet.pack itself, caught and uncaught;
-- an answer that does not unpack, uncaught.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local deep = {}
do
	local t = deep
	for _ = 1, 40 do t.next = {} t = t.next end
end
local loop = {}
loop.self = loop

local mode = ...
if mode == "peer" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "retpack" then
				log("retpack", pcall(skynet.retpack, print))
				skynet.retpack("after refusal")
			elseif cmd == "response" then
				local resp = skynet.response()
				log("resp", pcall(resp, true, deep))
				log("resp again", resp(true, "fine"))
			elseif cmd == "garbage" then
				skynet.ret("\x2c")
			elseif cmd == "uncaught" then
				skynet.retpack(coroutine.create(print))
			end
		end)
	end)
	return
end

skynet.start(function()
	local peer = skynet.newservice(SERVICE_NAME, "peer")
	log("send function", pcall(skynet.send, peer, "lua", "x", print))
	log("send deep", pcall(skynet.send, peer, "lua", deep))
	log("send loop", pcall(skynet.send, peer, "lua", loop))
	log("call function", pcall(skynet.call, peer, "lua", print))
	log("pack function", pcall(skynet.pack, print))
	log("packstring loop", pcall(skynet.packstring, loop))
	log("call retpack", pcall(skynet.call, peer, "lua", "retpack"))
	log("call response", pcall(skynet.call, peer, "lua", "response"))
	skynet.fork(function() skynet.send(peer, "lua", print) end)
	skynet.sleep(2)
	skynet.fork(function() log("call uncaught", pcall(skynet.call, peer, "lua", "uncaught")) end)
	skynet.sleep(2)
	skynet.fork(function() skynet.call(peer, "lua", "garbage") end)
	skynet.sleep(2)
	log("address 8.0", skynet.address(8.0))
	skynet.sleep(10)
	skynet.abort()
end)
