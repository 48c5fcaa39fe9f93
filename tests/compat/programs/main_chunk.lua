-- main_chunk: the API called in a service's main chunk, before skynet.start: sleep, call, wait, yield
-- (no task to suspend), fork and timeout (they run once started), ret and response (no request),
-- exit, send, newservice, and a main chunk that forks but never starts; two tasks sleeping on one token.
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

local function serve()
	skynet.dispatch("lua", function(_, _, cmd)
		skynet.retpack(mode .. " " .. cmd)
	end)
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		r[i] = first_line(r[i])
	end
	log(what, table.unpack(r, 1, r.n))
end

if mode == "sleep" then
	try("sleep in main", skynet.sleep, 1)
	skynet.start(serve)
elseif mode == "call" then
	try("call in main", skynet.call, ".main_chunk", "lua", "call from main")
	skynet.start(serve)
elseif mode == "wait" then
	try("wait in main", skynet.wait)
	try("yield in main", skynet.yield)
	skynet.start(serve)
elseif mode == "forks" then
	skynet.fork(function(...) log("fork from main runs", ...) end, "a", nil)
	skynet.timeout(0, function() log("timeout 0 from main runs") end)
	skynet.timeout(1, function() log("timeout 1 from main runs") end)
	log("main chunk goes on")
	skynet.start(function()
		log("start runs")
		serve()
	end)
	log("main chunk after start")
elseif mode == "ret" then
	try("ret in main", skynet.ret, skynet.pack("x"))
	try("retpack in main", skynet.retpack, "x")
	try("response in main", skynet.response)
	try("context in main", skynet.context)
	skynet.start(serve)
elseif mode == "send" then
	skynet.send(".main_chunk", "lua", "from main")
	skynet.start(serve)
elseif mode == "exit" then
	log("exit in main")
	skynet.exit()
	log("after exit in main")
	skynet.start(serve)
elseif mode == "nostart" then
	skynet.fork(function() log("nostart fork runs") end)
	skynet.timeout(1, function() log("nostart timeout runs") end)
elseif mode == "newservice" then
	try("newservice in main", skynet.newservice, SERVICE_NAME, "ret")
	skynet.start(serve)
else
	skynet.start(function()
		skynet.register(".main_chunk")
		skynet.dispatch("lua", function(session, source, text)
			log("main got", text)
			if session ~= 0 then
				skynet.retpack("answer")
			end
		end)
		for _, m in ipairs { "sleep", "call", "wait", "forks", "ret", "send", "newservice" } do
			local ok, addr = pcall(skynet.newservice, SERVICE_NAME, m)
			if ok then
				log(m, "answers", pcall(skynet.call, addr, "lua", "ping"))
			else
				log(m, "failed", first_line(addr))
			end
			skynet.sleep(3)
		end
		-- one token for two sleepers: the second is refused
		skynet.fork(function() log("first sleeper", skynet.sleep(5, "same")) end)
		skynet.fork(function() log("second sleeper", pcall(skynet.sleep, 5, "same")) end)
		skynet.fork(function() log("a waiter on it", pcall(skynet.wait, "same")) end)
		skynet.sleep(10)
		skynet.fork(function()
			log("exit", pcall(skynet.newservice, SERVICE_NAME, "exit"))
		end)
		skynet.fork(function()
			log("nostart", pcall(skynet.newservice, SERVICE_NAME, "nostart"))
		end)
		skynet.sleep(30)
		skynet.abort()
	end)
end
