-- login_kick: an agent manager as game servers write it: one skynet.queue per account, so two logins of
-- one account run one after the other and the second kicks the first's agent (which exits); a data
-- service loading the account (slowly, or raising for a banned one); a logout arriving while a login
-- waits in the queue; each caller's answer and the agents' lines.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local log = skynet.error

local role, arg1 = ...

if role == "db" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, uid)
			if uid == 3 then
				skynet.sleep(1)
				error("account 3 is banned")
			end
			skynet.sleep(3)
			skynet.retpack({ uid = uid, gold = uid * 100 })
		end)
	end)
elseif role == "agent" then
	local uid = tonumber(arg1)
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "kick" then
				log("agent", uid, "kicked:", ...)
				skynet.retpack(true)
				skynet.exit()
			elseif cmd == "info" then
				skynet.retpack("agent of " .. uid)
			end
		end)
	end)
elseif role == "mgr" then
	local db = tonumber(arg1)
	local queues = {}
	local online = {}
	local CMD = {}
	local function lock(uid)
		local q = queues[uid]
		if not q then
			q = queue()
			queues[uid] = q
		end
		return q
	end
	function CMD.login(uid, who)
		return lock(uid)(function()
			if online[uid] then
				skynet.call(online[uid], "lua", "kick", "by " .. who)
				online[uid] = nil
			end
			local data = skynet.call(db, "lua", "load", uid)
			local agent = skynet.newservice(SERVICE_NAME, "agent", uid)
			online[uid] = agent
			return who .. " in, gold " .. data.gold
		end)
	end
	function CMD.logout(uid, who)
		return lock(uid)(function()
			local agent = online[uid]
			if not agent then return who .. ": not online" end
			online[uid] = nil
			skynet.call(agent, "lua", "kick", "logout by " .. who)
			return who .. " out"
		end)
	end
	function CMD.who(uid)
		local agent = online[uid]
		return agent and skynet.call(agent, "lua", "info") or "nobody"
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			skynet.retpack(CMD[cmd](...))
		end)
	end)
else
	skynet.start(function()
		local db = skynet.newservice(SERVICE_NAME, "db")
		local mgr = skynet.newservice(SERVICE_NAME, "mgr", db)
		local answers = {}
		local pending = 0
		local done = {}
		local function ask(cmd, uid, who)
			pending = pending + 1
			skynet.fork(function()
				local ok, r = pcall(skynet.call, mgr, "lua", cmd, uid, who)
				answers[#answers + 1] = who .. ":" .. tostring(ok) .. ":" .. tostring(r)
				pending = pending - 1
				if pending == 0 then skynet.wakeup(done) end
			end)
		end
		-- the banned account's two logins first, and to the end: their error lines then come before
		-- the agents' lines however slow the machine (the db's sleeps alone did not order them)
		ask("login", 3, "banned")
		ask("login", 3, "banned again")
		skynet.wait(done)
		ask("login", 1, "first")
		ask("login", 1, "second")
		ask("logout", 1, "third")
		skynet.wait(done)
		ask("login", 2, "fourth")
		skynet.wait(done)
		for _, a in ipairs(answers) do log(a) end
		log("who 1", skynet.call(mgr, "lua", "who", 1))
		log("who 2", skynet.call(mgr, "lua", "who", 2))
		log("who 3", skynet.call(mgr, "lua", "who", 3))
		skynet.sleep(10)
		skynet.abort()
	end)
end
