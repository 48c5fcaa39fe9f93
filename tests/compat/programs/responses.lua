-- responses: skynet.response closures (isvalid, twice, after the caller died), ignoreret, unknown protocols, exit mid-request.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, server_arg = ...
local log = skynet.error

if mode == "server" then
	local held = {}
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			if cmd == "hold" then
				held[#held + 1] = skynet.response()
			elseif cmd == "release" then
				for i, resp in ipairs(held) do
					log("release", i, resp("TEST"), resp("TEST"))
				end
				held = {}
				skynet.ret(skynet.pack("released"))
			elseif cmd == "check" then
				for i, resp in ipairs(held) do
					log("isvalid", i, resp("TEST"))
				end
				skynet.ret(skynet.pack(#held))
			elseif cmd == "fail" then
				local resp = skynet.response()
				log("answer false", resp(false))
				log("answer again", pcall(resp, true, "late"))
			elseif cmd == "packed" then
				local resp = skynet.response(function(...) return skynet.pack("wrapped", ...) end)
				resp(true, "a", "b", "c")
			elseif cmd == "twice" then
				skynet.ret(skynet.pack("first"))
				log("ret twice", pcall(skynet.ret, skynet.pack("second")))
			elseif cmd == "ignore" then
				skynet.ignoreret()
				log("ignored", session ~= 0)
			elseif cmd == "send" then
				log("send has session", session)
				log("ret for a send", pcall(skynet.ret, skynet.pack("nobody")))
			elseif cmd == "quit" then
				skynet.ret(skynet.pack("bye"))
				skynet.exit()
			elseif cmd == "exit now" then
				skynet.exit()
			else
				log("server echoes", cmd, ...)
				skynet.retpack(cmd, ...)
			end
		end)
	end)
elseif mode == "client" then
	skynet.start(function()
		local server = tonumber(server_arg)
		skynet.fork(function()
			log("client's held call returned", pcall(skynet.call, server, "lua", "hold"))
		end)
		skynet.sleep(1)
		skynet.exit() -- with its call still waiting
	end)
else
	skynet.start(function()
		local server = skynet.newservice(SERVICE_NAME, "server")
		log("echo", skynet.call(server, "lua", "echo", 1, nil, "three"))
		skynet.fork(function()
			log("held call 1", skynet.call(server, "lua", "hold"))
		end)
		skynet.newservice(SERVICE_NAME, "client", server)
		skynet.sleep(5)
		log("check", skynet.call(server, "lua", "check"))
		log("release", skynet.call(server, "lua", "release"))
		local fail = table.pack(pcall(skynet.call, server, "lua", "fail"))
		-- the server logs "answer again" after our answer left it: a call behind
		-- it (check logs nothing now) orders its lines before ours, on both runtimes
		skynet.call(server, "lua", "check")
		log("fail", table.unpack(fail, 1, fail.n))
		log("packed", skynet.call(server, "lua", "packed"))
		log("twice", skynet.call(server, "lua", "twice"))
		skynet.send(server, "lua", "ignore")
		skynet.send(server, "lua", "send")
		skynet.sleep(2)
		-- a protocol the server never registered
		skynet.register_protocol { name = "custom", id = 100, pack = skynet.pack, unpack = skynet.unpack }
		log("unknown protocol call", pcall(skynet.call, server, "custom", "x"))
		log("send to unknown name", pcall(skynet.send, ".nosuch", "lua", "x"))
		log("call to unknown name", pcall(skynet.call, ".nosuch", "lua", "x"))
		skynet.send(server, "custom", "y") -- after our lines: the server logs it on another worker
		skynet.sleep(2)
		local bye = skynet.call(server, "lua", "quit")
		skynet.sleep(1) -- its exit is done (its KILL line logged): the address is gone
		log("quit", bye)
		log("after quit", pcall(skynet.call, server, "lua", "echo"))
		local other = skynet.newservice(SERVICE_NAME, "server")
		local exit_now = table.pack(pcall(skynet.call, other, "lua", "exit now"))
		skynet.sleep(1) -- as after quit: its KILL line is logged before ours
		log("exit now", table.unpack(exit_now, 1, exit_now.n))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
