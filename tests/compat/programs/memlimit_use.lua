-- memlimit_use: skynet.memlimit set while a service loads (the line snlua logs, a request that needs
-- more memory failing, the service going on), set twice, and set too late (inside start: no effect).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

local function serve()
	skynet.dispatch("lua", function(_, _, cmd, n)
		if cmd == "grow" then
			local s = string.rep("x", n)
			skynet.retpack(#s)
		elseif cmd == "table" then
			local t = {}
			for i = 1, n do
				t[i] = i
			end
			skynet.retpack(#t)
		else
			skynet.retpack(cmd)
		end
	end)
end

if mode == "limited" then
	skynet.memlimit(8 * 1024 * 1024)
	log("memlimit after one call", skynet.memlimit)
	skynet.start(serve)
	return
elseif mode == "twice" then
	skynet.memlimit(8 * 1024 * 1024)
	local ok, err = pcall(skynet.memlimit, 1024)
	log("second memlimit", ok, err)
	skynet.start(serve)
	return
elseif mode == "late" then
	skynet.start(function()
		skynet.memlimit(1024 * 1024)
		serve()
	end)
	return
elseif mode == "float" then
	skynet.memlimit(8.5 * 1024 * 1024)
	skynet.start(serve)
	return
elseif mode == "string" then
	skynet.memlimit("9000000")
	skynet.start(serve)
	return
end

local function try(w, cmd, n)
	local ok, r = pcall(skynet.call, w, "lua", cmd, n)
	if not ok then
		r = r:match("^[^\n]*")
	end
	log(cmd, n, ok, r)
end

skynet.start(function()
	local w = skynet.newservice(SERVICE_NAME, "limited")
	try(w, "grow", 1000)
	try(w, "grow", 16 * 1024 * 1024)
	try(w, "table", 2 * 1024 * 1024)
	try(w, "grow", 1000)
	try(w, "ping")
	local w2 = skynet.newservice(SERVICE_NAME, "twice")
	try(w2, "grow", 1000)
	local w3 = skynet.newservice(SERVICE_NAME, "late")
	try(w3, "grow", 4 * 1024 * 1024)
	local w4 = skynet.newservice(SERVICE_NAME, "float")
	try(w4, "grow", 16 * 1024 * 1024)
	local w5 = skynet.newservice(SERVICE_NAME, "string")
	try(w5, "grow", 10 * 1024 * 1024) -- no limit (a string); Lua 5.4 and 5.5 peak differently past this
	skynet.sleep(20)
	skynet.abort()
end)
