-- module_faults: requiring user modules that fail as they do in real projects: one that does not compile
-- (the message and its position), one requiring it, one whose top level indexes nil, one calling a
-- service while it loads (from the main chunk and from a task), one returning a function and setting
-- a global; each required twice (what the second require says), and package.loaded afterwards.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

if ... == "echo" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, what) skynet.retpack("answer to " .. what) end)
		skynet.register(".faults_echo")
	end)
	return
end

local function try(what, name)
	local r = table.pack(pcall(require, name))
	for i = 1, r.n do
		local v = r[i]
		if type(v) == "table" then v = "table" elseif type(v) == "function" then v = "function" end
		r[i] = tostring(v)
	end
	log(what, table.concat(r, " | ", 1, r.n), "loaded:", type(package.loaded[name]))
end

-- in the main chunk, before skynet.start
try("main syntax", "mf_syntax")
try("main call", "mf_call")

skynet.start(function()
	skynet.newservice(SERVICE_NAME, "echo")
	try("syntax", "mf_syntax")
	try("syntax again", "mf_syntax")
	try("nested", "mf_nested")
	try("nested again", "mf_nested")
	try("runtime", "mf_runtime")
	try("runtime again", "mf_runtime")
	try("call in a task", "mf_call")
	log("call module", package.loaded.mf_call and package.loaded.mf_call.answer)
	try("function", "mf_global")
	try("function again", "mf_global")
	log("global set", faults_global_set, require("mf_global")(5))
	skynet.sleep(10)
	skynet.abort()
end)
