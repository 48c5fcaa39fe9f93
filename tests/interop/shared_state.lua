-- shared_state: datacenter, sharedata, sharetable, multicast and sharemap as a user sees
-- them (return values, errors raised or not, update and notify order), printed as
-- "SS <case> <value>" lines. run_shared.sh runs it on a real skynet and on
-- skyglass and compares the lines; neither side prints an address or a path.
local skynet = require "skynet"
require "skynet.manager"
local datacenter = require "skynet.datacenter"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local multicast = require "skynet.multicast"
local sharemap = require "skynet.sharemap"

local mode = ...

local dump = require "dump"

local function out(name, ...)
	local n = select("#", ...)
	local parts = {}
	for i = 1, n do parts[i] = dump((select(i, ...))) end
	skynet.error("SS " .. name .. " " .. n .. " " .. table.concat(parts, " "))
end

-- Whether it raised; the text only up to its first path or address differs
-- between runtimes, so the line keeps the outcome alone.
local function outcome(name, f, ...)
	local r = table.pack(pcall(f, ...))
	if r[1] then out(name, "ok", table.unpack(r, 2, r.n)) else out(name, "error") end
end

local function test_datacenter()
	out("dc_set1", datacenter.set("a", "b", 1))
	out("dc_set2", datacenter.set("a", "b", 2))
	out("dc_set3", datacenter.set("a", "c", "d", { x = 1 }))
	out("dc_get_leaf", datacenter.get("a", "b"))
	out("dc_get_branch", datacenter.get("a"))
	out("dc_get_deep", datacenter.get("a", "c", "d", "x"))
	out("dc_get_missing", datacenter.get("nope"))
	out("dc_get_missing2", datacenter.get("a", "zz", "y"))
	outcome("dc_get_through_leaf", datacenter.get, "a", "b", "c")
	out("dc_set_one", datacenter.set("solo", 5))
	out("dc_get_one", datacenter.get("solo"))
	out("dc_set_nil", datacenter.set("a", "b", nil))
	out("dc_get_after_nil", datacenter.get("a"))
	-- wait on a leaf already set returns at once
	out("dc_wait_set", datacenter.wait("a", "c", "d"))
	-- wait woken by a later set
	local order = {}
	skynet.fork(function()
		order[#order + 1] = "waiter"
		order[#order + 1] = dump(datacenter.wait("w", "k"))
	end)
	skynet.yield()
	order[#order + 1] = "setter"
	datacenter.set("w", "k", "v")
	skynet.sleep(10)
	out("dc_wait_order", order)
	-- waiting on a branch: set the branch's leaf later
	local r = {}
	skynet.fork(function()
		r.ok, r.err = pcall(datacenter.wait, "br")
		r.err = r.ok and r.err or "raised"
	end)
	skynet.yield()
	datacenter.set("br", "x", 1)
	skynet.sleep(10)
	out("dc_wait_branch", r.ok, r.err)
end

local function test_sharedata()
	sharedata.new("cfg", { a = 1, b = { c = 2, list = { 10, 20, 30 } }, s = "str" })
	local obj = sharedata.query("cfg")
	out("sd_type", type(obj), type(obj.b), type(obj.b.list), type(obj.a))
	out("sd_tostring", (tostring(obj.b):gsub("0x%x+", "ADDR")))
	out("sd_leaf", obj.a, obj.s, obj.b.c, obj.nope)
	out("sd_len", #obj.b.list, obj.b.list[2])
	local keys = {}
	for k, v in pairs(obj) do keys[#keys + 1] = k .. "=" .. type(v) end
	table.sort(keys)
	out("sd_pairs", keys)
	local list = {}
	for i, v in ipairs(obj.b.list) do list[i] = v end
	out("sd_ipairs", list)
	outcome("sd_write", function() obj.a = 5 end)
	out("sd_deepcopy", sharedata.deepcopy("cfg", "b"))
	out("sd_deepcopy_all", sharedata.deepcopy("cfg"))
	local b = obj.b
	sharedata.update("cfg", { a = 2, b = { c = 3 } })
	skynet.sleep(20)
	out("sd_after_update", obj.a, obj.b.c, b.c, type(obj), type(b))
	out("sd_source", pcall(sharedata.new, "src", "return { x = 1, y = { 2 } }"))
	local src = sharedata.query("src")
	out("sd_source_read", src.x, src.y[1])
	outcome("sd_number", sharedata.new, "num", 42)
	outcome("sd_bad_source", sharedata.new, "bad", "return ((")
	sharedata.delete("src")
	skynet.sleep(10)
	outcome("sd_query_deleted", sharedata.query, "src")
	outcome("sd_flush", sharedata.flush)
end

local function test_sharetable()
	sharetable.loadtable("tt", { a = 1, nested = { b = { 1, 2, 3 } } })
	local t = sharetable.query("tt")
	out("st_type", type(t), type(t.nested), type(t.nested.b), type(t.a))
	out("st_query", t.a, #t.nested.b, t.nested.b[3])
	outcome("st_write", function() t.a = 2 end)
	sharetable.loadstring("ts", "return { x = \"arg\" }")
	local ts = sharetable.query("ts")
	out("st_loadstring", type(ts), ts.x)
	local all = sharetable.queryall({ "tt", "ts" })
	out("st_queryall", all.tt.a, all.ts.x, type(all.tt), type(all.ts))
	out("st_query_missing", sharetable.query("nope"))
	sharetable.loadtable("tt", { a = 9 })
	out("st_old_copy", t.a)
	out("st_requery", sharetable.query("tt").a)
	local held = sharetable.query("tt")
	sharetable.loadtable("tt", { a = 10, nested = { b = { 7 } } })
	sharetable.update("tt")
	out("st_update", t.a, held.a, held.nested.b[1], #held.nested.b)
	outcome("st_loadtable_bad", sharetable.loadtable, "bad", 5)
end

local function test_multicast()
	local got = {}
	local chan = multicast.new {
		dispatch = function(channel, source, ...)
			got[#got + 1] = { ... }
		end,
	}
	out("mc_channel_type", math.type(chan.channel))
	chan:subscribe()
	chan:publish("hello", 1, { x = true })
	skynet.sleep(10)
	out("mc_got", got)
	local other = multicast.new { channel = chan.channel, dispatch = function(_, _, ...) got[#got + 1] = { "other", ... } end }
	other:subscribe()
	chan:publish("two")
	skynet.sleep(10)
	out("mc_two_subscribers", #got)
	chan:unsubscribe()
	other:publish("three")
	skynet.sleep(10)
	out("mc_after_unsubscribe", got[#got])
	other:unsubscribe()
	chan:delete()
	outcome("mc_publish_deleted", function() chan:publish("gone") end)
	skynet.sleep(10)
	out("mc_after_delete", #got)
end

-- sharemap: a writer here, a reader in another service (mode "reader") that
-- sees each commit after its update().
local function test_sharemap()
	sharemap.register(skynet.getenv("sharemap_proto"))
	local w = sharemap.writer("foobar", { x = 1, y = 2, s = "hello" })
	local reader = skynet.newservice("shared_state", "reader")
	out("sm_open", skynet.call(reader, "lua", "open", w:copy()))
	w.x = 10
	w.s = "world"
	out("sm_before_commit", skynet.call(reader, "lua", "read"))
	w:commit()
	out("sm_after_commit", skynet.call(reader, "lua", "read"))
	out("sm_writer_reads", w.x, w.y, w.s)
	skynet.send(reader, "lua", "exit")
end

if mode == "reader" then
	skynet.start(function()
		local map
		skynet.dispatch("lua", function(_, _, cmd, arg)
			if cmd == "open" then
				map = sharemap.reader("foobar", arg)
				skynet.retpack(map.x, map.y, map.s)
			elseif cmd == "read" then
				map:update()
				skynet.retpack(map.x, map.y, map.s)
			else
				skynet.exit()
			end
		end)
	end)
	return
end

skynet.start(function()
	test_datacenter()
	test_sharedata()
	test_sharetable()
	test_multicast()
	test_sharemap()
	skynet.error("SS done")
	skynet.sleep(50)
	skynet.abort()
end)
