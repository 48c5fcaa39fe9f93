-- manager_odds: skynet.manager's functions with odd arguments: launch with numbers and of a missing
-- script, register/name refusals (a number, a ':' name, 16 characters), name with a ":hex" string,
-- kill by ":hex", by number, by .name, twice, of a dead service.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"

local mode, a, b = ...
local log = skynet.error

if mode == "child" then
	skynet.start(function()
		log("child args", a, b, math.type(tonumber(a)))
		skynet.dispatch("lua", function(_, _, cmd)
			skynet.retpack("child " .. cmd)
		end)
	end)
	return
end

local function first_line(s)
	return (tostring(s):match("^[^\n]*"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	if not r[1] then
		r[2] = first_line(r[2])
	end
	log(what, table.unpack(r, 1, r.n))
end

local function alive(addr)
	return pcall(skynet.call, addr, "debug", "PING")
end

skynet.start(function()
	local c1 = skynet.launch("snlua", SERVICE_NAME, "child", 12, 2.5)
	log("launch gives a number", math.type(c1))
	-- the call comes before the child's start (launch runs its main chunk
	-- later, from a message of its own): no lua handler yet
	log("child answers at once", pcall(skynet.call, c1, "lua", "one"))
	log("child answers", skynet.call(c1, "lua", "one"))
	log("launch of a missing script", skynet.launch("snlua", "manager_odds_nosuch"))
	skynet.sleep(5)
	try("register a number", skynet.register, "123")
	try("register :name", skynet.register, ":abc")
	try("register 16 chars", skynet.register, "abcdefghijklmnop")
	try("register 15 chars", skynet.register, "abcdefghijklmno")
	log("global lookup", skynet.localname("abcdefghijklmno"))
	try("name a number", skynet.name, "42", c1)
	try("name with :hex", skynet.name, ".bystr", skynet.address(c1))
	log("bystr", skynet.localname(".bystr") == c1, skynet.call(".bystr", "lua", "two"))
	try("name .x of nil", skynet.name, ".x", nil)
	try("register of nil", skynet.register, nil)
	try("register empty", skynet.register, "")

	local c2 = skynet.newservice(SERVICE_NAME, "child", "b")
	local c3 = skynet.newservice(SERVICE_NAME, "child", "c")
	local c4 = skynet.newservice(SERVICE_NAME, "child", "d")
	skynet.name(".c4", c4)
	skynet.kill(skynet.address(c2))
	skynet.kill(c3)
	skynet.kill(".c4")
	skynet.sleep(5)
	log("killed by :hex", alive(c2))
	log("killed by number", alive(c3))
	log("killed by .name", alive(c4))
	log("name of the killed", skynet.localname(".c4"))
	log("launcher's list has c4", skynet.call(".launcher", "lua", "LIST")[skynet.address(c4)] ~= nil)
	try("kill again", skynet.kill, c3)
	try("kill by unknown name", skynet.kill, ".nobody")
	try("kill of a bad :hex", skynet.kill, ":zz")
	try("kill of a table", skynet.kill, {})
	skynet.sleep(5)
	log("c1 still", skynet.call(c1, "lua", "three"))
	skynet.sleep(20)
	skynet.abort()
end)
