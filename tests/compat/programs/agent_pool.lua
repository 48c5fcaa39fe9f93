-- agent_pool: a game server's skeleton: a login service handing players to a pool of agents (created with odd arguments), logins serialised per account by skynet.queue under a fork storm, per-player heartbeats on skynet.timeout cancelled by a flag, a wait/wakeup handoff, a held skynet.response answered by a later event, and an agent that exits inside a call while other calls wait on it.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"

local mode = ...
local log = skynet.error

if mode == "agent" then
	local args = table.pack(...)
	local id = args[2]
	local players = {}
	local waiting = {} -- responses held until an event
	local function beat(name)
		local p = players[name]
		if not p or not p.online then
			return -- cancelled by the flag
		end
		p.beats = p.beats + 1
		skynet.timeout(2, function() beat(name) end)
	end
	local CMD = {}
	function CMD.enter(name)
		players[name] = { online = true, beats = 0 }
		skynet.timeout(2, function() beat(name) end)
		return id, "welcome " .. name
	end
	function CMD.leave(name)
		local p = players[name]
		p.online = false
		return p.beats > 0
	end
	function CMD.wait_event(name)
		waiting[#waiting + 1] = { name = name, resp = skynet.response() }
		return skynet.ignoreret and nil
	end
	function CMD.event(what)
		local n = #waiting
		for i, w in ipairs(waiting) do
			w.resp(true, w.name, what, i)
		end
		waiting = {}
		return n
	end
	function CMD.slow(ticks)
		skynet.sleep(ticks)
		return "slow done"
	end
	function CMD.shutdown()
		skynet.retpack("shutting down")
		skynet.exit()
	end
	skynet.start(function()
		log("agent", id, "args", args.n, type(args[2]), args[3], args[4], args[5], args[6])
		skynet.dispatch("lua", function(session, source, cmd, ...)
			if cmd == "wait_event" then
				CMD.wait_event(...)
			elseif cmd == "shutdown" then
				CMD.shutdown()
			else
				skynet.retpack(CMD[cmd](...))
			end
		end)
	end)
	return
end

if mode == "login" then
	local agents = {}
	local next_agent = 0
	local online = {} -- account -> agent
	local locks = {}  -- account -> skynet.queue
	local ready = {}  -- coroutines waiting for the pool
	local pool_ready = false
	local function lock_of(account)
		local cs = locks[account]
		if not cs then
			cs = queue()
			locks[account] = cs
		end
		return cs
	end
	local CMD = {}
	local make_pool
	function CMD.login(account)
		if make_pool then
			skynet.fork(make_pool) -- the first login starts the pool
			make_pool = nil
		end
		if not pool_ready then
			local co = coroutine.running()
			ready[#ready + 1] = co
			skynet.wait(co)
		end
		return lock_of(account)(function()
			if online[account] then
				return false, "already online"
			end
			next_agent = next_agent % #agents + 1
			local agent = agents[next_agent]
			online[account] = agent
			local id = skynet.call(agent, "lua", "enter", account)
			return true, id
		end)
	end
	function CMD.logout(account)
		return lock_of(account)(function()
			local agent = online[account]
			if not agent then
				return false, "not online"
			end
			online[account] = nil
			return skynet.call(agent, "lua", "leave", account)
		end)
	end
	function CMD.agent(i)
		return agents[i]
	end
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd, ...)
			skynet.retpack(CMD[cmd](...))
		end)
		-- the pool starts with the first login: the logins wait for it
		make_pool = function()
			for i = 1, 3 do
				agents[i] = skynet.newservice(SERVICE_NAME, "agent", i, 1.5 * i, "x y", 2^53)
			end
			pool_ready = true
			log("pool ready, logins waiting", #ready > 0)
			for _, co in ipairs(ready) do
				skynet.wakeup(co)
			end
			ready = {}
		end
	end)
	return
end

skynet.start(function()
	local login = skynet.newservice(SERVICE_NAME, "login")
	-- a storm of logins, two per account at once
	local results = {}
	local left = 0
	local all = {}
	for i = 1, 12 do
		left = left + 1
		local account = "p" .. ((i - 1) % 6 + 1)
		skynet.fork(function()
			local ok, v = skynet.call(login, "lua", "login", account)
			results[#results + 1] = account .. "=" .. tostring(ok) .. ":" .. tostring(v)
			left = left - 1
			if left == 0 then skynet.wakeup(all) end
		end)
	end
	if left > 0 then skynet.wait(all) end
	table.sort(results)
	log("logins", table.concat(results, " "))
	skynet.sleep(7) -- heartbeats run
	local outs = {}
	for i = 1, 6 do
		outs[#outs + 1] = tostring(skynet.call(login, "lua", "logout", "p" .. i))
	end
	log("logouts, each with beats", table.concat(outs, " "))
	log("logout twice", skynet.call(login, "lua", "logout", "p1"))
	-- held responses answered by an event
	local agent1 = skynet.call(login, "lua", "agent", 1)
	local got = {}
	local waiters = 0
	for i = 1, 3 do
		waiters = waiters + 1
		skynet.fork(function()
			local answer = table.concat({ skynet.call(agent1, "lua", "wait_event", "w" .. i) }, ",")
			got[#got + 1] = answer
			waiters = waiters - 1
			if waiters == 0 then skynet.wakeup(got) end
		end)
	end
	skynet.yield()
	log("event answered", skynet.call(agent1, "lua", "event", "boss"))
	if waiters > 0 then skynet.wait(got) end
	table.sort(got)
	log("waiters got", table.concat(got, " "))
	-- an agent exits in a call while slow calls wait on it
	local agent2 = skynet.call(login, "lua", "agent", 2)
	local pending = 0
	local failed = {}
	for i = 1, 3 do
		pending = pending + 1
		skynet.fork(function()
			local ok, err = pcall(skynet.call, agent2, "lua", "slow", 50)
			failed[#failed + 1] = tostring(ok) .. " " .. tostring(err)
			pending = pending - 1
			if pending == 0 then skynet.wakeup(failed) end
		end)
	end
	skynet.yield()
	log("shutdown", skynet.call(agent2, "lua", "shutdown"))
	if pending > 0 then skynet.wait(failed) end
	log("slow callers", table.concat(failed, " | "))
	skynet.sleep(20)
	skynet.abort()
end)
