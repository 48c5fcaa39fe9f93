-- stm_calls: skynet.stm's calls as a user makes them: new of a string, of a number and of a packed buffer;
-- a reader's function getting (msg, sz, extra), returning several values, raising (a string and a table);
-- reads before and after updates (false when nothing changed), updates by a string, a number and a
-- buffer, and a second reader on the same copy. Left out: a reader or writer called with a wrong argument,
-- refused on both, numbered by Lua: skynet's 5.5 counts the object called through __call out ("bad
-- argument #1 to 'r'"), Debian's 5.4 counts it in ("#2").
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local stm = require "skynet.stm"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "table" then r[i] = "table:" .. tostring(r[i].code) end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local function text(msg, sz, extra)
	return skynet.tostring(msg, sz), extra
end

skynet.start(function()
	local w = stm.new("first")
	local r = stm.newcopy(stm.copy(w))
	try("read", r, text)
	try("read unchanged", r, text)
	w("second")
	try("read with extra", r, text, "extra")
	w(12345)
	try("read a number update", r, text)
	w(skynet.pack("packed", 1))
	try("read a buffer update", r, function(msg, sz) return skynet.unpack(msg, sz) end)
	w("third")
	try("reader raising", r, function() error("reader broke") end)
	try("after the raise", r, text)
	w("fourth")
	try("reader raising a table", r, function() error({ code = 7 }) end)
	try("reader returning nothing", function()
		w("fifth")
		return r(function() end)
	end)
	try("reader returning many", function()
		w("sixth")
		return r(function(msg, sz) return 1, nil, 3 end)
	end)
	local n = stm.new(42)
	try("new of a number", stm.newcopy(stm.copy(n)), text)
	local r2 = stm.newcopy(stm.copy(w))
	try("second reader", r2, text)
	try("new of nil", function() return stm.new(nil) end)
	try("new of a table", function() return stm.new({}) end)
	skynet.sleep(10)
	skynet.abort()
end)
