-- debug_more: the debug protocol's commands the other programs leave: TRACELOG in each form (nothing,
-- a flag, a protocol and a flag, an unknown protocol), a command nobody registered, a number as the
-- command, TASK of a session and of "init" (while the start sleeps and after), KILLTASK of an unknown name.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

local function first_line(s)
	if type(s) ~= "string" then
		return s
	end
	return (s:match("^[^\n]*"))
end

if mode == "worker" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			if cmd == "park" then
				skynet.sleep(1000)
			end
			skynet.retpack(cmd, skynet.tracetag() ~= nil)
		end)
		skynet.sleep(20) -- its init task is still running for a while
	end)
	return
end

local function try(what, ...)
	local r = table.pack(pcall(...))
	for i = 2, r.n do
		r[i] = first_line(r[i])
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local w = skynet.launch("snlua", SERVICE_NAME, "worker")
	skynet.sleep(2)
	try("TASK init while starting", skynet.call, w, "debug", "TASK", "init")
	skynet.sleep(30)
	try("TASK init after", skynet.call, w, "debug", "TASK", "init")
	skynet.fork(skynet.call, w, "lua", "park")
	skynet.sleep(2)
	local tasks = skynet.call(w, "debug", "TASK")
	local session
	for k in pairs(tasks) do
		session = tonumber(k:match("session: (%d+)"))
	end
	try("TASK of its session", skynet.call, w, "debug", "TASK", session)
	try("TASK of a session not there", skynet.call, w, "debug", "TASK", 99999)
	try("TASK of a string", skynet.call, w, "debug", "TASK", "nothing")
	try("KILLTASK unknown", skynet.call, w, "debug", "KILLTASK", "thread: 0x0")
	try("KILLTASK nil", skynet.call, w, "debug", "KILLTASK")

	try("TRACELOG", skynet.call, w, "debug", "TRACELOG")
	try("plain after", skynet.call, w, "lua", "plain")
	try("TRACELOG true", skynet.call, w, "debug", "TRACELOG", true)
	try("traced after", skynet.call, w, "lua", "traced")
	try("TRACELOG lua false", skynet.call, w, "debug", "TRACELOG", "lua", false)
	try("off after", skynet.call, w, "lua", "off")
	try("TRACELOG nosuch", skynet.call, w, "debug", "TRACELOG", "nosuch", true)
	try("TRACELOG debug on", skynet.call, w, "debug", "TRACELOG", "debug", true)
	try("PING traced", skynet.call, w, "debug", "PING")
	try("TRACELOG debug nil", skynet.call, w, "debug", "TRACELOG", "debug")
	try("NOSUCH", skynet.call, w, "debug", "NOSUCH")
	try("a number", skynet.call, w, "debug", 7)
	try("nothing", skynet.call, w, "debug")
	skynet.send(w, "debug", "NOSEND")
	skynet.sleep(5)
	try("still there", skynet.call, w, "lua", "last")
	skynet.sleep(20)
	skynet.abort()
end)
