-- service_misc: newservice argument forms, a start that raises or exits, skynet.init order, uniqueservice of a failing service, queryservice waiting, skynet.launch, names and addresses, dispatch's old function, register_protocol twice.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "args" then
	local args = table.pack(...)
	skynet.start(function()
		local out = {}
		for i = 1, args.n do out[i] = type(args[i]) .. ":" .. tostring(args[i]) end
		log("args", args.n, table.concat(out, " "))
		skynet.dispatch("lua", function() skynet.retpack(args.n) end)
	end)
elseif mode == "bad_start" then
	skynet.start(function()
		error("start raised")
	end)
elseif mode == "exit_in_start" then
	skynet.start(function()
		log("exiting in start")
		skynet.exit()
	end)
elseif mode == "inits" then
	skynet.init(function() log("init 1") end)
	skynet.init(function() log("init 2") end)
	skynet.start(function()
		log("start after inits")
		skynet.dispatch("lua", function() skynet.retpack("ok") end)
	end)
elseif mode == "slow" then
	skynet.start(function()
		skynet.sleep(5)
		log("slow service ready")
		skynet.dispatch("lua", function() skynet.retpack("slow ok") end)
	end)
else
	skynet.start(function()
		log("numbers", skynet.call(skynet.newservice(SERVICE_NAME, "args", 1, 2.5, -3, "x y"), "lua"))
		log("booleans", pcall(skynet.newservice, SERVICE_NAME, "args", true))
		-- (a nil among the arguments is a Lua difference: the launcher's
		-- table.concat({...}) sees 2 values on skynet's Lua 5.5, 4 on 5.4)
		log("bad start", pcall(skynet.newservice, SERVICE_NAME, "bad_start"))
		log("exit in start", pcall(skynet.newservice, SERVICE_NAME, "exit_in_start"))
		local inits = skynet.newservice(SERVICE_NAME, "inits")
		log("inits answer", skynet.call(inits, "lua"))
		log("unique of a failing one", pcall(skynet.uniqueservice, SERVICE_NAME, "bad_start"))
		log("unique again", pcall(skynet.uniqueservice, SERVICE_NAME, "bad_start"))
		-- the name stays failed: a uniqueservice of it now raises where it is called
		skynet.fork(function()
			log("unique of the failed name, other args", skynet.uniqueservice(SERVICE_NAME, "slow"))
		end)
		skynet.sleep(2)
		skynet.fork(function()
			log("queryservice got it", skynet.call(skynet.queryservice("service_misc_slow"), "lua"))
		end)
		local u = skynet.uniqueservice("service_misc_slow")
		log("unique slow", skynet.call(u, "lua"))
		log("unique same", skynet.uniqueservice("service_misc_slow") == u)
		skynet.sleep(2)
		-- The launched services log from their own start: each is awaited
		-- (a call it answers, or fails) before our line, not slept on.
		local launched = skynet.launch("snlua", SERVICE_NAME, "args", "via", "launch")
		log("launch gives", math.type(launched))
		-- its start runs after its first message, so a call may come too soon;
		-- after one that is answered, its line is in the log
		repeat
			skynet.sleep(1)
		until pcall(skynet.call, launched, "lua")
		local bad = skynet.launch("snlua", "no_such_service_here")
		while pcall(skynet.call, bad, "debug", "PING") do
			skynet.sleep(1)
		end
		log("launch bad", bad)
		-- (skynet.launch of a C module nobody has: skynet prints dlopen's error,
		-- "try open X failed : ...", skyglass a line of its own: not compared)
		skynet.sleep(2)
		log("self and address", skynet.self() == skynet.localname(".self_name"), skynet.address(skynet.self()) ~= nil)
		skynet.register(".self_name")
		log("localname", skynet.localname(".self_name") == skynet.self(), skynet.localname(".none"))
		log("name a bad name", pcall(skynet.name, ".", skynet.self()))
		log("address of a string", skynet.address(".self_name"))
		local old = skynet.dispatch("lua", function() end)
		log("dispatch returns the old", type(old))
		log("register_protocol twice", pcall(skynet.register_protocol, { name = "lua", id = skynet.PTYPE_LUA }))
		log("register_protocol same id", pcall(skynet.register_protocol, { name = "mine", id = skynet.PTYPE_LUA }))
		log("register_protocol bad id", pcall(skynet.register_protocol, { name = "mine", id = 300 }))
		log("dispatch of an unknown protocol", pcall(skynet.dispatch, "nosuch", print))
		log("dispatch query of an unknown protocol", skynet.dispatch("nosuch"))
		log("error args", nil, true, 1.0, {} ~= nil, "end")
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
