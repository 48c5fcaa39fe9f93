-- api_arity: how many values each core function returns and their types (select("#") and math.type):
-- sleep, yield, wait, wakeup, fork, timeout, send, call, ret, retpack, response and its closure, dispatch,
-- register_protocol, getenv, setenv, now, time, starttime, hpc, self, localname, address, genid, mqlen,
-- stat, task, harbor, newservice, register, name, kill, error, tracetag, ignoreret, context, term.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function kinds(...)
	local n = select("#", ...)
	local out = {}
	for i = 1, n do
		local v = select(i, ...)
		local t = type(v)
		if t == "number" then t = math.type(v) end
		if t == "boolean" or t == "nil" then t = tostring(v) end
		out[i] = t
	end
	return n, table.concat(out, " ")
end

local function show(what, ...)
	log(what, kinds(...))
end

local mode = ...
if mode == "callee" then
	skynet.start(function()
		skynet.dispatch("lua", function(session, source, cmd)
			if cmd == "ret" then
				show("ret", skynet.ret(skynet.pack(1)))
			elseif cmd == "retpack" then
				show("retpack", skynet.retpack())
			elseif cmd == "response" then
				local resp = skynet.response()
				show("response", resp)
				show("resp TEST", resp("TEST"))
				show("resp", resp(true, "x"))
				show("resp again TEST", resp("TEST"))
			elseif cmd == "ignoreret" then
				show("ignoreret", skynet.ignoreret())
			elseif cmd == "context" then
				show("context", skynet.context())
				skynet.retpack()
				show("context after ret", skynet.context())
			elseif cmd == "term" then
				show("term", skynet.term(source))
			elseif cmd == "nothing" then
				skynet.retpack()
			elseif cmd == "nils" then
				skynet.retpack(nil, nil)
			elseif cmd == "send" then
				show("ret in send", skynet.ret())
			end
		end)
	end)
	return
end

skynet.start(function()
	show("self", skynet.self())
	show("now", skynet.now())
	show("time", skynet.time())
	show("starttime", skynet.starttime())
	show("hpc", skynet.hpc())
	show("genid", skynet.genid())
	show("mqlen", skynet.mqlen())
	show("stat message", skynet.stat("message"))
	show("stat mqlen", skynet.stat("mqlen"))
	show("stat cpu", skynet.stat("cpu"))
	show("stat endless", skynet.stat("endless"))
	show("endless", skynet.endless())
	show("task", skynet.task())
	show("harbor", skynet.harbor(skynet.self()))
	show("address", skynet.address(skynet.self()))
	show("getenv thread", skynet.getenv("thread"))
	show("getenv none", skynet.getenv("no_such_key"))
	show("setenv", skynet.setenv("arity_key", "v"))
	show("localname none", skynet.localname(".nobody"))
	show("register", skynet.register(".arity"))
	show("localname", skynet.localname(".arity"))
	show("name", skynet.name(".arity2", skynet.self()))
	show("error", skynet.error("an error line"))
	show("sleep", skynet.sleep(1))
	show("sleep 0", skynet.sleep(0))
	show("yield", skynet.yield())
	local co = coroutine.running()
	skynet.fork(function()
		show("wakeup", skynet.wakeup(co))
		show("wakeup again", skynet.wakeup(co))
	end)
	show("sleep woken", skynet.sleep(100))
	skynet.fork(function() show("wakeup waiter", skynet.wakeup("tok")) end)
	show("wait", skynet.wait("tok"))
	show("wakeup nobody", skynet.wakeup("nobody"))
	show("fork", skynet.fork(function() end))
	show("timeout", skynet.timeout(1, function() end))
	show("register_protocol", skynet.register_protocol { name = "arity", id = 201, pack = skynet.pack, unpack = skynet.unpack })
	show("dispatch new", skynet.dispatch("arity", function() end))
	show("dispatch query", skynet.dispatch("arity"))
	show("dispatch old", skynet.dispatch("arity", function() end))
	show("tag (tracetag)", skynet.tracetag())
	local callee = skynet.newservice(SERVICE_NAME, "callee")
	show("newservice", callee)
	show("send", skynet.send(callee, "lua", "send"))
	show("call nothing", skynet.call(callee, "lua", "nothing"))
	show("call nils", skynet.call(callee, "lua", "nils"))
	show("call ret", skynet.call(callee, "lua", "ret"))
	show("call retpack", skynet.call(callee, "lua", "retpack"))
	show("call response", skynet.call(callee, "lua", "response"))
	show("call context", skynet.call(callee, "lua", "context"))
	skynet.fork(function() show("call ignoreret (should not)", skynet.call(callee, "lua", "ignoreret")) end)
	skynet.fork(function() show("call term (should not)", skynet.call(callee, "lua", "term")) end)
	skynet.sleep(5)
	show("rawcall", skynet.rawcall(callee, "lua", skynet.pack("nothing")))
	-- (the buffers that nothing sends are given back with trash, as a skynet program must)
	local empty, empty_sz = skynet.pack()
	show("pack", empty, empty_sz)
	skynet.trash(empty, empty_sz)
	show("packstring", skynet.packstring())
	show("unpack", skynet.unpack(skynet.packstring()))
	show("unpack nil", skynet.unpack(nil))
	show("unpack empty", skynet.unpack(""))
	local x, x_sz = skynet.pack("x")
	show("tostring", skynet.tostring(x, x_sz))
	skynet.trash(x, x_sz)
	show("kill", skynet.kill(callee))
	show("task after", skynet.task())
	skynet.sleep(10)
	skynet.abort()
end)
