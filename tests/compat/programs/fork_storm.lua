-- fork_storm: many tasks at once in one service, as a room broadcasting to its players forks them: 300
-- forks made in a loop, forks that fork (where their children run), forty waiters woken in reverse, a
-- hundred sleepers on five deadlines, a storm where some forks raise (one line each), and forks made
-- from a timeout and from a woken task.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

-- digits as letters, so the masks (which hide numbers of two digits or more) leave them
local function L(v) return (tostring(v):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)) end

local function inorder(list, n)
	if #list ~= n then return "count " .. L(#list) end
	for i = 1, n do if list[i] ~= i then return "out of order at " .. L(i) end end
	return "in order"
end

skynet.start(function()
	local seen = {}
	for i = 1, 300 do skynet.fork(function() seen[#seen + 1] = i end) end
	log("forks made, none run yet", #seen)
	skynet.sleep(0)
	log("300 forks", inorder(seen, 300))

	local trail = {}
	for i = 1, 4 do
		skynet.fork(function()
			trail[#trail + 1] = "p" .. i
			skynet.fork(function() trail[#trail + 1] = "c" .. i .. "a" end)
			skynet.fork(function()
				trail[#trail + 1] = "c" .. i .. "b"
				skynet.fork(function() trail[#trail + 1] = "g" .. i end)
			end)
		end)
	end
	skynet.sleep(0)
	log("forks that fork", table.concat(trail, " "))

	local woken = {}
	local tokens = {}
	for i = 1, 40 do
		tokens[i] = {}
		skynet.fork(function()
			skynet.wait(tokens[i])
			woken[#woken + 1] = i
		end)
	end
	skynet.sleep(1)
	for i = 40, 1, -1 do skynet.wakeup(tokens[i]) end
	log("wakeups queued, none run yet", #woken)
	skynet.sleep(0)
	local rev = true
	for k, i in ipairs(woken) do if i ~= 41 - k then rev = false end end
	log("forty woken", L(#woken), rev and "in reverse" or "other order")

	local done = {}
	for i = 1, 100 do
		skynet.fork(function()
			skynet.sleep(1 + (i * 7) % 5)
			done[#done + 1] = i
		end)
	end
	skynet.sleep(30) -- well past the last deadline, even if making the hundred forks crossed ticks
	local sorted = true
	for k = 2, #done do
		local a, b = done[k - 1], done[k]
		local ta, tb = (a * 7) % 5, (b * 7) % 5
		if ta > tb or (ta == tb and a > b) then sorted = false end
	end
	log("hundred sleepers", L(#done), sorted and "by deadline then by order" or "other order")

	local survived = 0
	for i = 1, 30 do
		skynet.fork(function()
			if i % 10 == 0 then error("fork " .. i .. " fails") end
			survived = survived + 1
		end)
	end
	skynet.sleep(1)
	log("survivors", L(survived))

	local late = {}
	skynet.timeout(1, function()
		for i = 1, 3 do skynet.fork(function() late[#late + 1] = "t" .. i end) end
		late[#late + 1] = "timeout"
	end)
	local tok = {}
	skynet.fork(function()
		skynet.wait(tok)
		for i = 1, 3 do skynet.fork(function() late[#late + 1] = "w" .. i end) end
		late[#late + 1] = "woken"
	end)
	skynet.sleep(2)
	skynet.wakeup(tok)
	skynet.sleep(1)
	log("late forks", table.concat(late, " "))
	log("fork returns", type(skynet.fork(function() end)))
	skynet.sleep(10)
	skynet.abort()
end)
