-- library_keys: the keys (and their types) of every library module a skynet program requires, sorted: what
-- pairs over skynet.crypt, bson, sproto, the db drivers, http.*, sharedata, multicast, snax.* ... lists.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local mods = { "skynet.crypt", "md5", "bson", "sproto", "sprotoparser", "sprotoloader", "skynet.socketchannel",
	"skynet.db.redis", "skynet.db.mysql", "skynet.db.mongo", "skynet.mongo.driver", "http.httpd", "http.httpc",
	"http.url", "http.websocket", "http.sockethelper", "http.internal", "skynet.sharedata", "skynet.sharetable", "skynet.datacenter",
	"skynet.multicast", "skynet.stm", "skynet.sharemap", "skynet.datasheet", "skynet.datasheet.builder", "skynet.queue",
	"skynet.mqueue", "skynet.dns", "skynet.cluster", "skynet.harbor", "skynet.snax", "snax.gateserver",
	"snax.loginserver", "snax.msgserver", "skynet.coroutine", "skynet.service", "skynet.memory", "skynet.netpack",
	"skynet.cluster.core", "sproto.core", "lpeg", "skynet.profile", "skynet.codecache", "skynet.db.redis.cluster",
	"skynet.socket", "skynet.socketdriver", "skynet.multicast.core", "skynet.sharedata.core", "skynet.datasheet.core", "skynet.debug",
	"skynet.inject", "snax.interface", "snax.hotfix", "skynet.require" }
skynet.start(function()
	require("ltls.init.c").constructor()
	table.insert(mods, "http.tlshelper")
	table.insert(mods, "ltls.c")
	for _, name in ipairs(mods) do
		local ok, m = pcall(require, name)
		if not ok then
			skynet.error(name, "FAILS", (tostring(m):match("^[^\n]*")))
		elseif type(m) ~= "table" then
			skynet.error(name, type(m))
		else
			local keys = {}
			for k, v in pairs(m) do keys[#keys + 1] = tostring(k) .. ":" .. type(v) end
			table.sort(keys)
			skynet.error(name, table.concat(keys, " "))
		end
	end
	skynet.sleep(10)
	skynet.abort()
end)
