-- odd_args: the API called with arguments of the wrong type or shape, as a mistaken program calls it, each under pcall: sleep/timeout with floats, strings and nil, fork/wakeup/wait of odd things, address/localname/self-names of odd values, getenv/setenv of nil, register/name/kill of odd names, pack of odd keys.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "string" then r[i] = r[i]:gsub("0x%x+", "PTR") end
	end
	log(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("sleep 1.5", skynet.sleep, 1.5)
	try("sleep '2'", skynet.sleep, "2")
	try("sleep nil", skynet.sleep, nil)
	try("sleep table", skynet.sleep, {})
	try("timeout 1.5", skynet.timeout, 1.5, function() log("timeout 1.5 fired") end)
	try("timeout nil", skynet.timeout, nil, function() end)
	skynet.sleep(5)
	try("fork nil", skynet.fork, nil)
	try("fork a number", skynet.fork, 1)
	skynet.sleep(1)
	try("wakeup nil", skynet.wakeup, nil)
	try("wakeup a string", skynet.wakeup, "nobody")
	try("address nil", skynet.address, nil)
	try("address string", skynet.address, "x")
	try("address negative", skynet.address, -1)
	try("localname nil", skynet.localname, nil)
	try("localname no dot", skynet.localname, "abc")
	try("getenv nil", skynet.getenv, nil)
	try("getenv number", skynet.getenv, 1)
	try("setenv nil key", skynet.setenv, nil, "v")
	try("setenv nil value", skynet.setenv, "odd_args_key", nil)
	try("register nil", skynet.register, nil)
	try("register number", skynet.register, 5)
	try("name nil", skynet.name, nil, skynet.self())
	try("name bad address", skynet.name, ".odd", "nope")
	try("kill nil", skynet.kill, nil)
	try("kill a name nobody has", skynet.kill, ".nobody")
	try("self", function() return skynet.self() == skynet.self() end)
	try("pack float keys", function() return skynet.unpack(skynet.packstring({ [1.0] = "a", [2.5] = "b" }))[1] end)
	try("pack nan key", function() return next(skynet.unpack(skynet.packstring({ [0 / 0 ~= 0 / 0 and 1 or 2] = 1 }))) end)
	try("newservice nil", skynet.newservice, nil)
	try("newservice number", skynet.newservice, 123)
	try("uniqueservice nil", skynet.uniqueservice, nil)
	try("call no protocol", skynet.call, skynet.self())
	try("send no protocol", skynet.send, skynet.self())
	try("ret outside a request", skynet.ret, "x")
	try("response outside a request", skynet.response)
	try("exit with args", function() end)
	skynet.sleep(20)
	skynet.abort()
end)
