-- game_rooms: a typical game server's rooms: a matchmaker answering later (skynet.response) once two
-- players wait, rooms ticking on skynet.timeout, a bank serialised by skynet.queue, broadcast
-- through multicast, config through sharedata, a room that raises, a dead room called.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local sharedata = require "skynet.sharedata"
local mc = require "skynet.multicast"
local datacenter = require "skynet.datacenter"

local mode = ...
local log = skynet.error

if mode == "bank" then
	local cs = queue()
	local gold = {}
	local CMD = {}
	function CMD.add(who, n)
		return cs(function()
			local before = gold[who] or 0
			skynet.sleep(1) -- a database write would yield here
			gold[who] = before + n
			return gold[who]
		end)
	end
	function CMD.take(who, n)
		return cs(function()
			local have = gold[who] or 0
			if have < n then
				error(string.format("%s has %d gold, not %d", who, have, n))
			end
			skynet.sleep(1)
			gold[who] = have - n
			return gold[who]
		end)
	end
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			skynet.ret(skynet.pack(CMD[cmd](...)))
		end)
	end)
elseif mode == "room" then
	local id = tonumber(select(2, ...))
	local players = {}
	local ticks = 0
	local running = true
	local channel
	local conf
	local function tick()
		if not running then return end
		ticks = ticks + 1
		channel:publish("tick", id, ticks)
		if ticks < conf.rounds then
			skynet.timeout(conf.tick, tick)
		else
			running = false
			log("room", id, "ends after", ticks, "ticks")
			channel:publish("over", id)
		end
	end
	local CMD = {}
	function CMD.start(names)
		players = names
		channel = mc.new()
		log("room", id, "starts with", table.concat(players, ","))
		skynet.timeout(conf.tick, tick)
		return channel.channel
	end
	function CMD.act(name, what)
		if what == "cheat" then
			error("room " .. id .. ": " .. name .. " cheats")
		end
		return name .. " did " .. what .. " at tick " .. ticks
	end
	-- The pair's second player acts once the first is done, so this room
	-- logs their cheats in one order on every run (the players run on two
	-- workers, which would otherwise race to it).
	local first_done, second_waits
	function CMD.done()
		first_done = true
		if second_waits then second_waits(true, true) end
		return true
	end
	function CMD.stop()
		running = false
		log("room", id, "stopped at tick", ticks)
		skynet.exit()
	end
	skynet.start(function()
		conf = sharedata.query("game")
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "my_turn" then
				if first_done then skynet.ret(skynet.pack(true)) else second_waits = skynet.response() end
				return
			end
			skynet.ret(skynet.pack(CMD[cmd](...)))
		end)
	end)
elseif mode == "player" then
	local name = select(2, ...)
	local events = {}
	local done
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "play" then
				local match = ...
				local room, ch, second = skynet.call(match, "lua", "join", name)
				log(name, "joined a room")
				local c = mc.new {
					channel = ch,
					dispatch = function(_, _, what, rid, n)
						events[#events + 1] = what .. (n and (":" .. n) or "")
						if what == "over" then
							skynet.wakeup(done)
						end
					end,
				}
				c:subscribe()
				if second then skynet.call(room, "lua", "my_turn") end
				log(name, skynet.call(room, "lua", "act", name, "move"))
				local ok, err = pcall(skynet.call, room, "lua", "act", name, "cheat")
				log(name, "cheat", ok, err)
				if not second then skynet.call(room, "lua", "done") end
				done = coroutine.running()
				skynet.wait(done)
				c:unsubscribe()
				skynet.ret(skynet.pack(name, #events, events[1], events[#events]))
			end
		end)
	end)
else
	-- the matchmaker (the start service): pairs players, answers each join once its room is made
	local waiting = {}
	local rooms = 0
	skynet.start(function()
		sharedata.new("game", { tick = 3, rounds = 4, greeting = "welcome" })
		datacenter.set("game", "online", 0)
		skynet.dispatch("lua", function(_, _, cmd, name)
			assert(cmd == "join")
			waiting[#waiting + 1] = { name = name, answer = skynet.response() }
			datacenter.set("game", "online", #waiting + 2 * rooms)
			if #waiting == 2 then
				rooms = rooms + 1
				local room = skynet.newservice(SERVICE_NAME, "room", rooms)
				local pair = waiting
				waiting = {}
				local ch = skynet.call(room, "lua", "start", { pair[1].name, pair[2].name })
				for i, w in ipairs(pair) do
					w.answer(true, room, ch, i == 2)
				end
				skynet.fork(function()
					skynet.sleep(40)
					skynet.call(room, "lua", "stop")
					log("room", rooms, "stop answered?")
				end)
			end
		end)
		local bank = skynet.newservice(SERVICE_NAME, "bank")
		local results = {}
		local left = 3
		local me = coroutine.running()
		for i = 1, 3 do
			skynet.fork(function()
				results[i] = { pcall(skynet.call, bank, "lua", i == 3 and "take" or "add", "ann", 10 * i) }
				left = left - 1
				if left == 0 then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
		for i = 1, 3 do log("bank", i, table.unpack(results[i])) end

		local names = { "ann", "bob", "cid", "dan" }
		local players = {}
		for i, n in ipairs(names) do players[i] = skynet.newservice(SERVICE_NAME, "player", n) end
		local finished = 0
		local played = {}
		for i = 1, #players do
			skynet.fork(function()
				played[i] = table.pack(skynet.call(players[i], "lua", "play", skynet.self()))
				finished = finished + 1
				if finished == #players then skynet.wakeup(me) end
			end)
			skynet.sleep(2)
		end
		skynet.wait(me)
		for i = 1, #players do log("result", table.unpack(played[i], 1, played[i].n)) end
		log("online", datacenter.get("game", "online"))
		skynet.sleep(60)
		log("greeting", sharedata.query("game").greeting)
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
