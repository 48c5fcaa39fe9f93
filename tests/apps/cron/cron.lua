-- cron.lua: the scheduler: a job sleeps in a coroutine of its own (skynet.sleep with a token, so a cancel wakes
-- it early with "BREAK"), a repeating job is a skynet.timeout chain, and the pending sessions are counted.
local skynet = require "skynet"
local socket = require "skynet.socket"

local watcher -- the socket that hears jobs fire
local jobs = {} -- name -> token of its sleeping coroutine
local fired = 0

local function tell(text)
	fired = fired + 1
	if watcher then
		socket.write(watcher, string.format("%d %s\n", fired, text))
	end
end

local CMD = {}

function CMD.watch(fd)
	watcher = fd
end

-- at(ticks, name): fire once after `ticks`, unless cancelled
function CMD.at(ticks, name)
	if jobs[name] then
		return "already " .. name
	end
	local token = {}
	jobs[name] = token
	skynet.fork(function()
		local start = skynet.now()
		local r = skynet.sleep(tonumber(ticks), token)
		jobs[name] = nil
		if r == "BREAK" then
			skynet.error("cron: " .. name .. " cancelled")
			tell(name .. " cancelled")
		else
			tell(string.format("%s fired (on time %s)", name, tostring(skynet.now() - start >= tonumber(ticks))))
		end
	end)
	return "scheduled " .. name
end

function CMD.cancel(name)
	local token = jobs[name]
	if not token then
		return "no job " .. name
	end
	skynet.wakeup(token)
	return "cancelling " .. name
end

-- every(ticks, name, times): a timeout chain, each step scheduling the next
function CMD.every(ticks, name, times)
	local n = 0
	local function step()
		n = n + 1
		tell(string.format("%s run %d of %s", name, n, times))
		if n < tonumber(times) then
			skynet.timeout(tonumber(ticks), step)
		end
	end
	skynet.timeout(tonumber(ticks), step)
	return "repeating " .. name
end

-- pending: the sessions this service waits on (sleeping jobs), and the job names
function CMD.pending()
	local names = {}
	for name in pairs(jobs) do
		names[#names + 1] = name
	end
	table.sort(names)
	return string.format("%d sessions, jobs %s", skynet.task(), #names == 0 and "none" or table.concat(names, ","))
end

function CMD.wakeall()
	-- waking a token nobody sleeps on does nothing
	skynet.wakeup({})
	-- in the order of their names: the woken wake in the order wakeup was called
	local names = {}
	for name in pairs(jobs) do
		names[#names + 1] = name
	end
	table.sort(names)
	for _, name in ipairs(names) do
		skynet.wakeup(jobs[name])
	end
	return "woke all"
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		skynet.ret(skynet.pack(f(...)))
	end)
end)
