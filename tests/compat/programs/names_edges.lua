-- names_edges: sends and calls to local names nobody holds and to dead addresses, localname and
-- address of names, a local name registered twice (nothing is logged), kill by an unknown name.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
skynet.start(function()
	skynet.error("send .nosuch", pcall(skynet.send, ".nosuch", "lua", "x"))
	skynet.error("call .nosuch", pcall(skynet.call, ".nosuch", "lua", "x"))
	skynet.error("send :ffffff", pcall(skynet.send, ":00ffffff", "lua", "x"))
	skynet.error("call number dead", pcall(skynet.call, 0xfffff, "lua", "x"))
	skynet.error("send number dead", pcall(skynet.send, 0xfffff, "lua", "x"))
	skynet.error("localname", skynet.localname(".launcher"), skynet.localname(".nosuch"))
	skynet.error("address", skynet.address(".launcher"), skynet.address("x"), skynet.address(12))
	skynet.register(".me")
	skynet.error("self name", skynet.localname(".me") == skynet.self())
	skynet.error("name twice", pcall(skynet.register, ".me"))
	skynet.name(".me2", skynet.self())
	skynet.error("kill by name", pcall(skynet.kill, ".nosuch"))
	skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
	skynet.abort()
end)
