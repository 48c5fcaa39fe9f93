-- supervisor.lua: starts workers, restarts one whose call failed, calls with a timeout, kills.
local skynet = require "skynet"
require "skynet.manager" -- skynet.kill

local workers = {} -- name -> address
local restarts = 0

local function spawn(name)
	workers[name] = skynet.newservice("worker", name)
	return workers[name]
end

-- a call that gives up after `ticks` centiseconds; the late answer is dropped
local function call_within(ticks, addr, ...)
	local co = coroutine.running()
	local done, ok, r
	local args = table.pack(...)
	skynet.fork(function()
		ok, r = pcall(skynet.call, addr, "lua", table.unpack(args, 1, args.n))
		done = true
		skynet.wakeup(co)
	end)
	skynet.timeout(ticks, function()
		skynet.wakeup(co)
	end)
	skynet.wait(co)
	if not done then
		return "timeout"
	end
	return ok and r or "failed"
end

local CMD = {}

function CMD.spawn(name)
	spawn(name)
	return "started " .. name
end

function CMD.work(name)
	local ok, r = pcall(skynet.call, workers[name], "lua", "work")
	if ok then
		return r
	end
	skynet.error("supervisor: " .. name .. " failed: " .. tostring(r))
	restarts = restarts + 1
	spawn(name)
	return "restarted " .. name
end

function CMD.slow(name)
	return call_within(20, workers[name], "slow")
end

-- A call in progress when its service is killed is never answered on skynet
-- (kill runs no Lua in the victim; only queued requests get an error): the
-- fork below waits for ever, and logs if it ever wakes.
function CMD.killmid(name)
	local addr = workers[name]
	skynet.fork(function()
		local ok, r = pcall(skynet.call, addr, "lua", "slow")
		skynet.error("supervisor: the killed call came back", ok, r)
	end)
	skynet.sleep(5)
	skynet.kill(addr)
	workers[name] = nil
	return "killed " .. name
end

function CMD.uniq()
	local results = {}
	local co = coroutine.running()
	for i = 1, 2 do
		skynet.fork(function()
			local ok, err = pcall(skynet.uniqueservice, "broken")
			results[i] = ok and "ok" or "error"
			if results[1] and results[2] then
				skynet.wakeup(co)
			end
		end)
	end
	skynet.wait(co)
	return results[1] .. "," .. results[2]
end

function CMD.list()
	local names = {}
	for name in pairs(workers) do
		names[#names + 1] = name
	end
	table.sort(names)
	return table.concat(names, ",") .. " restarts " .. restarts
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, arg)
		local f = CMD[cmd]
		if not f then
			error("no command " .. tostring(cmd))
		end
		skynet.ret(skynet.pack(f(arg)))
	end)
end)
