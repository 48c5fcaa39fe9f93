-- test_loader: SERVICE_PATH, a require that may yield, the preload key, and C modules from lua_cpath / Lua's default places.
local skynet = require "skynet"
local t = require "testlib"

t.run("test_loader", {
	{ "SERVICE_PATH is the service's folder, and its modules are found there", function()
		local s = skynet.newservice("loader_folder")
		local path, helper, preloaded = skynet.call(s, "lua")
		t.eq(path, "tests/lua/loader_folder/", "SERVICE_PATH of a folder service")
		t.eq(helper, "beside the service", "module beside the service")
		t.eq(preloaded, "preloaded 0", "preload ran in that service")
		t.eq(SERVICE_PATH, "tests/lua/", "SERVICE_PATH of a plain service")
	end },
	{ "preload runs before the service with its arguments", function()
		t.eq(PRELOADED, "preloaded 0", "in this service")
	end },
	{ "require may yield, and two tasks loading one module load it once", function()
		local got = {}
		local me = coroutine.running()
		for i = 1, 2 do
			skynet.fork(function()
				got[i] = require "yielding_module"
				if got[1] and got[2] then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		t.eq(got[1], got[2], "same module table")
		t.eq(got[1].loads, 1, "loaded once")
	end },
	{ "C modules load from Lua's cpath (Debian's lpeg)", function()
		assert(package.cpath:find("tests/lua/?.so", 1, true), "lua_cpath comes first: " .. package.cpath)
		local lpeg = require "lpeg"
		t.eq(lpeg.match(lpeg.C(lpeg.R("az") ^ 1), "skynet!"), "skynet", "lpeg works")
	end },
})
