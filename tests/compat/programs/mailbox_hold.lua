-- mailbox_hold: a long-poll mailbox as chat and match services write it: a CMD table whose `wait` keeps
-- skynet.response closures per name and whose `post` answers them later from another request, from a
-- coroutine.wrap inside it, from a timeout (the poll's deadline) and with false; what each response call
-- returns (a caller killed meanwhile, TEST, a second answer), and what the callers get.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local mode = ...

if mode == "box" then
	local waiting = {} -- name -> list of {resp, id}
	local CMD = {}
	function CMD.wait(name, id, deadline)
		local list = waiting[name] or {}
		waiting[name] = list
		local resp = skynet.response()
		local entry = { resp = resp, id = id }
		list[#list + 1] = entry
		if deadline then
			skynet.timeout(deadline, function()
				if not entry.done then
					entry.done = true
					log("box deadline", name, id, resp(true, nil, "timeout"))
				end
			end)
		end
		return "NORET"
	end
	function CMD.post(name, msg)
		local list = waiting[name] or {}
		waiting[name] = nil
		local answered = 0
		for _, e in ipairs(list) do
			if not e.done then
				e.done = true
				log("box post", name, e.id, "alive", e.resp("TEST"), "sent", e.resp(true, msg, e.id))
				answered = answered + 1
			end
		end
		return answered
	end
	function CMD.post_wrapped(name, msg)
		-- answered from a plain coroutine inside the handler
		local list = waiting[name] or {}
		local gen = coroutine.wrap(function()
			for _, e in ipairs(list) do
				coroutine.yield(e.id, e.resp(true, msg))
			end
		end)
		waiting[name] = nil
		local ids = {}
		while true do
			local id, ok = gen()
			if id == nil then break end
			ids[#ids + 1] = id .. "=" .. tostring(ok)
		end
		return table.concat(ids, " ")
	end
	function CMD.refuse(name)
		local n = 0
		for _, e in ipairs(waiting[name] or {}) do
			log("box refuse", name, e.id, e.resp(false))
			n = n + 1
		end
		waiting[name] = nil
		return n
	end
	function CMD.again(name)
		-- a second answer on closures already used
		local list = waiting.spent or {}
		for _, e in ipairs(list) do
			log("box again", e.id, e.resp("TEST"), pcall(e.resp, true, "twice"))
		end
		return #list
	end
	function CMD.keep(name)
		-- remember closures to answer twice later
		waiting.spent = waiting[name]
		return true
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			local r = CMD[cmd](...)
			if r ~= "NORET" then skynet.retpack(r) end
		end)
	end)
elseif mode == "client" then
	local box = tonumber((select(2, ...)))
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			skynet.retpack("client ready")
			-- this call is never answered to us: the main service kills us first
			skynet.call(box, "lua", "wait", "room", "client")
		end)
	end)
else
	skynet.start(function()
		local box = skynet.newservice(SERVICE_NAME, "box")
		local results = {}
		local function waiter(name, id, deadline)
			skynet.fork(function()
				local r = table.pack(pcall(skynet.call, box, "lua", "wait", name, id, deadline))
				results[#results + 1] = id .. ":" .. table.concat((function()
					local t = {}
					for i = 1, r.n do t[i] = tostring(r[i]) end
					return t
				end)(), ",")
			end)
		end
		waiter("room", "a")
		waiter("room", "b")
		waiter("hall", "c", 5)
		waiter("room", "d", 100)
		local client = skynet.newservice(SERVICE_NAME, "client", box)
		log("client", skynet.call(client, "lua", "go"))
		skynet.sleep(2)
		skynet.kill(client)
		log("post room", skynet.call(box, "lua", "post", "room", "hello"))
		skynet.sleep(10)
		log("after deadline", table.concat(results, " "))
		results = {}
		waiter("lobby", "e")
		waiter("lobby", "f")
		skynet.sleep(1)
		log("post wrapped", skynet.call(box, "lua", "post_wrapped", "lobby", "wrapped"))
		skynet.sleep(1)
		log("wrapped", table.concat(results, " "))
		results = {}
		waiter("bar", "g")
		waiter("bar", "h")
		skynet.sleep(1)
		log("keep", skynet.call(box, "lua", "keep", "bar"))
		log("refuse", skynet.call(box, "lua", "refuse", "bar"))
		skynet.sleep(1)
		log("refused", table.concat(results, " "))
		log("again", skynet.call(box, "lua", "again"))
		log("post nobody", skynet.call(box, "lua", "post", "nobody", 1))
		skynet.sleep(100)
		log("room d after its deadline", #results)
		skynet.sleep(10)
		skynet.abort()
	end)
end
