-- errors_more: calls to a service killed or exiting mid-call, error objects that are tables/numbers/nil, sends to dead addresses, pcall around failing calls, errors in forks and timeouts.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode = ...
local log = skynet.error

if mode == "victim" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "hang" then
				skynet.sleep(100000)
			elseif cmd == "table_error" then
				error({ code = 42, msg = "a table" })
			elseif cmd == "number_error" then
				error(7)
			elseif cmd == "level0" then
				error("no position", 0)
			elseif cmd == "level2" then
				local function inner() error("caller's position", 2) end
				inner()
			elseif cmd == "exit_later" then
				skynet.fork(function()
					skynet.sleep(2)
					skynet.exit()
				end)
				skynet.sleep(100000)
			elseif cmd == "call_dead" then
				local dead = ...
				local ok, err = pcall(skynet.call, dead, "lua", "hi")
				skynet.retpack(ok, err)
			elseif cmd == "error_after_ret" then
				skynet.retpack("answered")
				error("raised after the answer")
			elseif cmd == "nested" then
				local ok, err = pcall(error, setmetatable({}, { __tostring = function() return "custom tostring" end }))
				skynet.retpack(ok, tostring(err))
			elseif cmd == "echo" then
				skynet.retpack(...)
			end
		end)
	end)
	return
end

skynet.start(function()
	local v = skynet.newservice(SERVICE_NAME, "victim")
	-- error objects of other types
	for _, cmd in ipairs { "table_error", "number_error", "level0", "level2" } do
		local r = table.pack(pcall(skynet.call, v, "lua", cmd))
		skynet.sleep(1) -- its error line first
		log(cmd, r[1], type(r[2]), r[2])
	end
	log("error after ret", skynet.call(v, "lua", "error_after_ret"))
	skynet.sleep(1)
	log("nested", skynet.call(v, "lua", "nested"))
	-- killed while it serves our call: the call is never answered
	local answered = false
	skynet.fork(function()
		pcall(skynet.call, v, "lua", "hang")
		answered = true
	end)
	skynet.sleep(2)
	skynet.kill(v)
	skynet.sleep(5)
	log("call to a service killed mid-call answered", answered)
	log("call to the killed one", pcall(skynet.call, v, "lua", "echo", 1))
	log("send to the killed one", pcall(skynet.send, v, "lua", "echo", 1))
	log("rawsend to the killed one", pcall(skynet.rawsend, v, "lua", skynet.pack("x")))
	-- a service that exits with calls pending
	local w = skynet.newservice(SERVICE_NAME, "victim")
	local results = {}
	for i = 1, 3 do
		skynet.fork(function()
			results[i] = table.pack(pcall(skynet.call, w, "lua", "exit_later"))
		end)
	end
	skynet.sleep(10)
	for i = 1, 3 do
		local r = results[i]
		log("pending call", i, r and r[1], r and r[2])
	end
	-- a live service calls a dead one
	local x = skynet.newservice(SERVICE_NAME, "victim")
	log("victim calls dead", skynet.call(x, "lua", "call_dead", w))
	-- pcall around failures with a message handler
	log("xpcall", xpcall(skynet.call, function(e) return "handled: " .. tostring(e) end, w, "lua", "echo"))
	-- errors in forks and timeouts (logged, do not stop the service)
	skynet.fork(function() error({ "table in a fork" }) end)
	skynet.fork(function() error("string in a fork") end)
	skynet.timeout(1, function() error("in a timeout") end)
	skynet.sleep(3)
	log("still alive", skynet.call(x, "lua", "echo", "yes"))
	-- invalid arguments
	log("call nil address", pcall(skynet.call, nil, "lua", "x"))
	log("call 0", pcall(skynet.call, 0, "lua", "x"))
	log("send no proto", pcall(skynet.send, x, nil, "x"))
	log("newservice fails", pcall(skynet.newservice, SERVICE_NAME .. "_nosuch"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
