-- sharetable_odds: sharetable with odd inputs: query of a name never loaded, loadtable of a string,
-- loadstring of text that does not compile, that raises, that returns a string, with arguments;
-- loadfile of a missing file; queryall with a list naming a missing file; a reader holding an old
-- version while the name is reloaded, then exiting (the old version deleted).
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local sharetable = require "skynet.sharetable"

local mode = ...
local log = skynet.error

local function first_line(s)
	if type(s) ~= "string" then
		return s
	end
	return (s:match("^[^\n]*"):gsub("0x%x+", "PTR"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		r[i] = first_line(r[i])
	end
	log(what, table.unpack(r, 1, r.n))
end

if mode == "reader" then
	skynet.start(function()
		local t = sharetable.query("cfg")
		log("reader sees", t.version)
		skynet.dispatch("lua", function(_, _, cmd)
			skynet.retpack(t.version)
		end)
	end)
	return
end

skynet.start(function()
	try("query never loaded", sharetable.query, "nothing")
	try("loadtable of a string", sharetable.loadtable, "s", "text")
	try("loadstring bad syntax", sharetable.loadstring, "bad", "return {")
	try("loadstring raising", sharetable.loadstring, "raise", "error 'no table'")
	try("loadstring of a string", sharetable.loadstring, "str", "return 'text'")
	try("query of it", sharetable.query, "str")
	try("loadstring with a string arg", sharetable.loadstring, "args", "local a, b = ... return { a = a, b = b }", 1, "two")
	try("loadstring with args", sharetable.loadstring, "args", "local a, b, c = ... return { a = a, b = b, c = c }", 1, true, 2.5)
	local args = sharetable.query("args")
	log("args", args.a, args.b, args.c)
	try("loadfile missing", sharetable.loadfile, "/nonexistent/sharetable_odds_cfg.lua")
	local f = os.tmpname()
	local out = io.open(f, "w")
	out:write("local lang = ... return { lang = lang, n = 3 }")
	out:close()
	try("loadfile with a number", sharetable.loadfile, f, 7)
	log("loaded from a file", sharetable.query(f).lang, sharetable.query(f).n)
	try("loadfile with a table", sharetable.loadfile, f, {})
	os.remove(f)
	sharetable.loadtable("cfg", { version = 1, list = { 1, 2, 3 } })
	local all = sharetable.queryall({ "cfg", "missing", "args" })
	local names = {}
	for k in pairs(all) do
		names[#names + 1] = k
	end
	table.sort(names)
	log("queryall list", table.concat(names, " "))
	local r = skynet.newservice(SERVICE_NAME, "reader")
	sharetable.loadtable("cfg", { version = 2 })
	log("reader still sees", skynet.call(r, "lua", "version"))
	log("a new query sees", sharetable.query("cfg").version)
	skynet.kill(r)
	skynet.sleep(10)
	skynet.sleep(20)
	skynet.abort()
end)
