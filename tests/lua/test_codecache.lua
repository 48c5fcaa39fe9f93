-- test_codecache: skynet.codecache: one compiled copy of each Lua file for all services, mode per service, clear.
local skynet = require "skynet"

local mode, path = ...
if mode == "child" then
	-- Another service: what does loadfile give it for the same file?
	skynet.start(function()
		skynet.dispatch("lua", function()
			skynet.ret(skynet.pack(assert(loadfile(path))()))
		end)
	end)
	return
elseif mode == "require" then
	-- A service whose main chunk requires a module along the `path` it is given.
	package.path = path
	local value = require "cc_probe"
	skynet.start(function()
		skynet.dispatch("lua", function() skynet.ret(skynet.pack(value)) end)
	end)
	return
end

local t = require "testlib"
local codecache = require "skynet.codecache"

-- A Lua file of our own, rewritten between loads to see which copy a load gives.
local file = os.tmpname()
local function write(text)
	local f = assert(io.open(file, "w"))
	f:write(text)
	f:close()
end
local function load_value()
	return assert(loadfile(file))()
end

t.run("test_codecache", {
	{ "mode is ON by default; mode(m) sets it and returns nothing; a bad mode names itself", function()
		t.eq(codecache.mode(), "ON", "default")
		t.eq(select("#", codecache.mode("EXIST")), 0, "values returned when setting")
		t.eq(codecache.mode(), "EXIST", "after mode(\"EXIST\")")
		t.raises(function() codecache.mode("SOMETIMES") end, "invalid option 'SOMETIMES'", "mode(\"SOMETIMES\")")
		codecache.mode("ON")
		t.eq(codecache.loadfile, loadfile, "codecache.loadfile is the loadfile services use")
	end },
	{ "ON: a file is read once; the next loads get the cached code, in every service", function()
		write("return 'first'")
		t.eq(load_value(), "first", "first load")
		write("return 'second'")
		t.eq(load_value(), "first", "after the file changed")
		local child = skynet.newservice(SERVICE_NAME, "child", file)
		t.eq(skynet.call(child, "lua"), "first", "another service")
		skynet.kill(child)
	end },
	{ "OFF reads the file; clear() forgets what was cached", function()
		codecache.mode("OFF")
		t.eq(load_value(), "second", "OFF")
		codecache.mode("ON")
		t.eq(load_value(), "first", "back ON: the cached copy")
		codecache.clear()
		t.eq(load_value(), "second", "after clear")
	end },
	{ "EXIST uses cached code but caches nothing new", function()
		local other = os.tmpname()
		local f = assert(io.open(other, "w"))
		f:write("return 'one'")
		f:close()
		codecache.mode("EXIST")
		t.eq(assert(loadfile(other))(), "one", "EXIST, not cached")
		f = assert(io.open(other, "w"))
		f:write("return 'two'")
		f:close()
		t.eq(assert(loadfile(other))(), "two", "EXIST did not cache it")
		write("return 'third'")
		t.eq(load_value(), "second", "EXIST, cached")
		codecache.mode("ON")
		os.remove(other)
		os.remove(file)
	end },
	{ "cached code keeps its file name and line numbers for errors and tracebacks", function()
		local broken = os.tmpname()
		local f = assert(io.open(broken, "w"))
		f:write("local x = 1\n\nerror('on line three')\n")
		f:close()
		local ok, first = pcall(assert(loadfile(broken)))
		t.eq(ok, false, "raised")
		local ok2, second = pcall(assert(loadfile(broken))) -- from the cache
		t.eq(ok2, false, "raised again")
		t.eq(second, first, "same message from the cache")
		assert(second:find(broken .. ":3: on line three", 1, true), second)
		local _, tb = xpcall(assert(loadfile(broken)), debug.traceback)
		assert(tb:find(broken .. ":3:", 1, true), tb)
		os.remove(broken)
	end },
	{ "where require found a module is remembered; a file put earlier on the path is seen after clear()", function()
		local base = os.tmpname()
		local first, second = base .. "_a_?.lua", base .. "_b_?.lua"
		local function put(pattern, text)
			local name = pattern:gsub("%?", "cc_probe")
			local f = assert(io.open(name, "w"))
			f:write(text)
			f:close()
			return name
		end
		local function value()
			local s = skynet.newservice(SERVICE_NAME, "require", first .. ";" .. second)
			local v = skynet.call(s, "lua")
			skynet.kill(s)
			return v
		end
		local b = put(second, "return 'b'")
		t.eq(value(), "b", "found along the path")
		local a = put(first, "return 'a'")
		t.eq(value(), "b", "a new file earlier on the path: the one found before")
		codecache.clear()
		t.eq(value(), "a", "after clear")
		os.remove(a)
		os.remove(b)
		os.remove(base)
	end },
	{ "the runtime's library is cached without local names: lines and upvalue names stay, a user's file keeps all", function()
		-- skynet.lua's and skynet/*.lua's functions have no parameter names
		-- (debug.getlocal of a function lists them from the local names)
		t.eq(debug.getlocal(skynet.register_protocol, 1), nil, "a library function's parameter")
		t.eq(debug.getlocal(skynet.send, 2), nil, "another's")
		local names = {}
		for i = 1, 10 do names[#names + 1] = debug.getupvalue(skynet.register_protocol, i) end
		local listed = " " .. table.concat(names, " ") .. " "
		assert(listed:find(" proto ") and listed:find(" _ENV "), "the upvalues' names:" .. listed)
		local function mine(first) return first end
		t.eq(debug.getlocal(mine, 1), "first", "this service's own function")
		-- an error inside library code is still positioned at its file:line
		local ok, err = pcall(skynet.dispatch, "no such protocol", print)
		t.eq(ok, false, "dispatch raised")
		-- (skynet's wording, raised at a position in skynet.lua as skynet's is)
		assert(err:find("lualib/skynet%.lua:%d+: attempt to index a nil value %(local 'p'%)"), err)
		local _, tb = xpcall(skynet.dispatch, debug.traceback, "no such protocol", print)
		assert(tb:find("lualib/skynet/protocol%.lua:%d+: in "), tb)
	end },
})
