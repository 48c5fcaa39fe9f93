-- shared_keys: sharedata.new of tables its format refuses (a float key, a boolean key; code giving a function value or a
-- float key), and of keys it takes (0, negative, the largest integer), read back with query.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharedata = require "skynet.sharedata"
local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = (tostring(r[i]):gsub("0x%x+", "PTR")) end
	skynet.error(what, table.unpack(r, 1, r.n))
end
skynet.start(function()
	try("float key", sharedata.new, "a", { [1.5] = 1 })
	try("boolean key", sharedata.new, "b", { [true] = 1 })
	try("code with function", sharedata.new, "e", "return { f = print }")
	try("code with float key", sharedata.new, "f", "return { [2.5] = 'x' }")
	try("negative and zero keys", sharedata.new, "g", { [0] = "zero", [-1] = "neg", "one" })
	try("read g", function() local t = sharedata.query("g") return t[0], t[-1], t[1], #t end)
	try("huge int key", sharedata.new, "h", { [math.maxinteger] = 1 })
	try("read h", function() local t = sharedata.query("h") return t[math.maxinteger] end)
	skynet.sleep(10)
	skynet.abort()
end)
