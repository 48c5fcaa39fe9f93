-- test_snax: skynet.snax: newservice runs init, post/req reach accept/response, hotfix keeps state, kill runs exit.
local skynet = require "skynet"
local snax = require "skynet.snax"
local t = require "testlib"

t.run("test_snax", {
	{ "post and req reach accept and response; init got its arguments", function()
		local recorder = skynet.newservice("echo_service")
		local obj = snax.newservice("counter_snax", "apples", recorder)
		obj.post.add(2)
		obj.post.add(3)
		local label, count = obj.req.get()
		t.eq(label, "apples", "init argument")
		t.eq(count, 5, "accept ran before the request")
		t.raises(function() obj.req.fail() end, nil, "a raising method fails the call")
		t.raises(function() return obj.req.nothing end, "request counter_snax:nothing no exist", "unknown method")
		assert(tostring(obj):match("^%[counter_snax:%x+%]$"), tostring(obj))
	end },
	{ "hotfix replaces a method and keeps the state", function()
		local obj = snax.newservice("counter_snax", "pears", skynet.newservice("echo_service"))
		obj.post.add(10)
		local old = snax.hotfix(obj, [[
local count
function accept.add(n)
	count = count + n * 100
end
function hotfix(...)
	return "patched", count, ...
end
]], "arg")
		t.eq(old, "patched", "the patch's hotfix ran")
		obj.post.add(1)
		local _, count = obj.req.get()
		t.eq(count, 110, "old state, new code")
		local profile = snax.profile_info(obj)
		t.eq(profile.add.count, 2, "profile counts the accepts")
		t.eq(type(skynet.call(obj.handle, "debug", "INFO").get), "table", "INFO answers the profile")
	end },
	{ "uniqueservice and queryservice give one instance; kill runs exit", function()
		local recorder = skynet.newservice("echo_service")
		local a = snax.uniqueservice("counter_snax", "unique", recorder)
		local b = snax.queryservice("counter_snax")
		t.eq(a.handle, b.handle, "same service")
		snax.kill(a, "bye")
		t.eq(skynet.call(recorder, "lua", "seen_list")[1], "exit bye", "exit ran with its argument")
	end },
})
