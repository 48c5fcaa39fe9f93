-- smgr_waiters: service_mgr's waiters when a unique start fails: queryservice tasks waiting for a name whose
-- uniqueservice start sleeps then raises, a second uniqueservice waiting on the same start, a start that exits
-- (newservice's nil), a loader failure; queryservice and uniqueservice of each name afterwards; the global forms.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
local log = skynet.error

local function first_line(ok, v, ...)
	if type(v) == "string" then
		v = v:match("^[^\n]*")
	end
	return ok, v, ...
end

if mode == "sleep_raise" then
	skynet.start(function()
		skynet.sleep(10)
		error("raised after a sleep")
	end)
	return
elseif mode == "exits" then
	skynet.start(function()
		skynet.exit()
	end)
	return
end

skynet.start(function()
	local done = 0
	local function task(what, f, ...)
		local args = table.pack(...)
		skynet.fork(function()
			log(what, first_line(pcall(f, table.unpack(args, 1, args.n))))
			done = done + 1
		end)
	end
	task("query waiting", skynet.queryservice, "smgr_waiters")
	skynet.sleep(1)
	task("unique first", skynet.uniqueservice, "smgr_waiters", "sleep_raise")
	skynet.sleep(1)
	task("unique second", skynet.uniqueservice, "smgr_waiters", "sleep_raise")
	task("unique other args", skynet.uniqueservice, "smgr_waiters", "exits")
	while done < 4 do skynet.sleep(1) end
	log("query after", first_line(pcall(skynet.queryservice, "smgr_waiters")))
	log("unique after", first_line(pcall(skynet.uniqueservice, "smgr_waiters")))
	-- a start that exits: newservice gives nil
	log("unique exits", first_line(pcall(skynet.uniqueservice, "smgr_waiters_exit")))
	log("unique of a missing file", first_line(pcall(skynet.uniqueservice, "smgr_no_such_file")))
	log("query of a missing file", first_line(pcall(skynet.queryservice, "smgr_no_such_file")))
	-- global forms on one node
	log("global unique failing", first_line(pcall(skynet.uniqueservice, true, "smgr_waiters", "sleep_raise")))
	log("global query after", first_line(pcall(skynet.queryservice, true, "smgr_waiters")))
	skynet.sleep(20)
	skynet.abort()
end)
