-- names_services: uniqueservice/queryservice, skynet.service cells, names, harbor names, datacenter waits.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local harbor = require "skynet.harbor"
local datacenter = require "skynet.datacenter"
local service = require "skynet.service"

local mode = ...
local log = skynet.error

if mode == "uniq" then
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd)
			skynet.ret(skynet.pack("uniq answers " .. cmd))
		end)
	end)
elseif mode == "slow" then
	skynet.start(function()
		skynet.sleep(5)
		skynet.dispatch("lua", function() skynet.ret(skynet.pack("slow ready")) end)
	end)
else
	skynet.start(function()
		local a = skynet.uniqueservice(SERVICE_NAME, "uniq")
		local b = skynet.uniqueservice(SERVICE_NAME, "uniq")
		log("uniqueservice twice is one", a == b)
		log("queryservice", skynet.queryservice(SERVICE_NAME) == a, pcall(skynet.call, a, "lua", "hi"))
		-- queryservice waits for a uniqueservice still starting
		skynet.fork(function()
			log("query waits", skynet.call(skynet.queryservice("slowone"), "lua"))
		end)
		skynet.fork(function()
			log("waiting query done")
		end)
		local slow = skynet.newservice(SERVICE_NAME, "slow")
		log("newservice is not unique", slow ~= a)

		-- local names
		skynet.name(".alias", a)
		log("localname", skynet.localname(".alias") == a, skynet.localname(".nobody"))
		log("call by .name", skynet.call(".alias", "lua", "by name"))
		skynet.register(".me")
		log("self by name", skynet.localname(".me") == skynet.self())
		log("address", skynet.address(".alias") == skynet.address(a), type(skynet.address(a)))

		-- global names in one node (harbor 0)
		skynet.name("GLOBALUNIQ", a)
		log("global call", skynet.call("GLOBALUNIQ", "lua", "global"))
		log("harbor.queryname", harbor.queryname("GLOBALUNIQ") == a)
		harbor.globalname("OTHERNAME", a)
		log("harbor.globalname", harbor.queryname("OTHERNAME") == a)
		log("harbor self", skynet.harbor(a))

		-- datacenter: get, set, and a wait answered by a later set
		skynet.fork(function()
			log("datacenter wait got", datacenter.wait("cfg", "later"))
		end)
		datacenter.set("cfg", "now", { x = 1 })
		log("datacenter get", datacenter.get("cfg", "now").x, datacenter.get("cfg", "missing"), datacenter.get("nothing"))
		skynet.sleep(1)
		datacenter.set("cfg", "later", "arrived")
		skynet.sleep(1)

		-- skynet.service: a named service made from a function
		local function counter_main()
			local skynet = require "skynet"
			local n = 0
			skynet.start(function()
				skynet.dispatch("lua", function()
					n = n + 1
					skynet.ret(skynet.pack(n))
				end)
			end)
		end
		local c1 = service.new("counter", counter_main)
		local c2 = service.new("counter", counter_main)
		log("service.new twice is one", c1 == c2, skynet.call(c1, "lua"), skynet.call(c2, "lua"))
		log("service.query", service.query("counter") == c1)

		skynet.name("slowone", skynet.newservice(SERVICE_NAME, "uniq"))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
