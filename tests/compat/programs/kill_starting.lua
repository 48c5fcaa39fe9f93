-- kill_starting: services killed or failing while their creators wait: a kill of a service whose start sleeps (newservice's answer), of one asked for by uniqueservice from three tasks, a launcher LIST afterwards, newservice storms where every other start raises, and a service that kills its own creator mid-call.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, arg = ...
local log = skynet.error

if mode == "sleepy" then
	skynet.start(function()
		skynet.sleep(100)
		skynet.dispatch("lua", function() skynet.retpack("sleepy") end)
	end)
	return
elseif mode == "maybe" then
	skynet.start(function()
		if tonumber(arg) % 2 == 0 then error("even refuses") end
		skynet.dispatch("lua", function() skynet.retpack("odd", arg) end)
	end)
	return
elseif mode == "parricide" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, source)
			skynet.kill(source)
			skynet.retpack("killed my caller")
		end)
	end)
	return
elseif mode == "victim" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, target)
			log("victim calls", pcall(skynet.call, target, "lua"))
			log("victim goes on (should not)")
		end)
	end)
	return
end

local storm = require "compat_storm"

local function find(list, what)
	for addr, desc in pairs(list) do
		if desc:find(what, 1, true) then return true end
	end
	return false
end

skynet.start(function()
	-- a kill while its start sleeps: who is answered, and how
	local result
	local done = {}
	skynet.fork(function()
		result = table.pack(pcall(skynet.newservice, SERVICE_NAME, "sleepy"))
		skynet.wakeup(done)
	end)
	skynet.sleep(5)
	local list = skynet.call(".launcher", "lua", "LIST")
	local sleepy
	for addr, desc in pairs(list) do
		if desc:find("sleepy", 1, true) then sleepy = addr end
	end
	log("sleepy listed while starting", sleepy ~= nil)
	skynet.kill(sleepy)
	if not result then skynet.wait(done) end
	log("newservice of the killed", result[1], result[2] and tostring(result[2]):gsub("%d+$", "N"))
	log("listed after the kill", find(skynet.call(".launcher", "lua", "LIST"), "sleepy"))
	-- every other start raises
	local got = storm(6, function(i) return skynet.call(skynet.newservice(SERVICE_NAME, "maybe", i), "lua") end)
	for i = 1, 6 do log("maybe", i, (got[i]:gsub("%s+%d+$", " N"))) end
	-- a callee that kills its caller mid-call
	local parricide = skynet.newservice(SERVICE_NAME, "parricide")
	local victim = skynet.newservice(SERVICE_NAME, "victim")
	skynet.send(victim, "lua", parricide)
	skynet.sleep(5)
	log("victim listed", find(skynet.call(".launcher", "lua", "LIST"), "victim"))
	skynet.sleep(20)
	skynet.abort()
end)
