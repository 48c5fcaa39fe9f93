-- newservice_nils: nils among newservice's arguments: skynet's launcher joins `{...}` with table.concat, which
-- stops at the border Lua 5.5 finds (from the table's hint, n // 2), so the service gets the arguments before
-- it; short and long argument lists, nils first, in the middle, trailing, two of them.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mode = ...
if mode == "child" then
	local args = table.pack(...)
	skynet.start(function()
		skynet.error("child got", args.n, table.concat(args, " ", 1, args.n))
	end)
	return
end
skynet.start(function()
	skynet.error("a nil c", pcall(skynet.newservice, SERVICE_NAME, "child", "a", nil, "c"))
	skynet.error("nil b", pcall(skynet.newservice, SERVICE_NAME, "child", nil, "b"))
	skynet.error("a b nil", pcall(skynet.newservice, SERVICE_NAME, "child", "a", "b", nil))
	skynet.error("a nil nil d", pcall(skynet.newservice, SERVICE_NAME, "child", "a", nil, nil, "d"))
	skynet.error("a b nil d e", pcall(skynet.newservice, SERVICE_NAME, "child", "a", "b", nil, "d", "e"))
	skynet.error("1 2 3 nil 5", pcall(skynet.newservice, SERVICE_NAME, "child", 1, 2, 3, nil, 5))
	skynet.error("ten, nil at 9", pcall(skynet.newservice, SERVICE_NAME, "child", 1, 2, 3, 4, 5, 6, 7, 8, nil, 10))
	skynet.error("twelve, nil at 2 and 11", pcall(skynet.newservice, SERVICE_NAME, "child", 1, nil, 3, 4, 5, 6, 7, 8, 9, 10, nil, 12))
	skynet.error("fifteen, nil at 14", pcall(skynet.newservice, SERVICE_NAME, "child", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, nil, 15))
	skynet.error("nine, trailing nils", pcall(skynet.newservice, SERVICE_NAME, "child", 1, 2, 3, 4, 5, 6, nil, nil, nil))
	skynet.error("nil first of eight", pcall(skynet.newservice, SERVICE_NAME, "child", nil, 2, 3, 4, 5, 6, 7, 8))
	skynet.sleep(10)
	skynet.abort()
end)
