-- test_compat10: skynet 1.0's short module names (lua/lualib/compat10) are the same
-- modules as their skynet.* names, for programs whose lua_path lists compat10.
local skynet = require "skynet"
local t = require "testlib"

local short = {
	cluster = "skynet.cluster", crypt = "skynet.crypt", datacenter = "skynet.datacenter",
	dns = "skynet.dns", memory = "skynet.memory", mongo = "skynet.db.mongo",
	mqueue = "skynet.mqueue", multicast = "skynet.multicast", mysql = "skynet.db.mysql",
	netpack = "skynet.netpack", profile = "skynet.profile", redis = "skynet.db.redis",
	sharedata = "skynet.sharedata", sharemap = "skynet.sharemap", snax = "skynet.snax",
	socket = "skynet.socket", socketchannel = "skynet.socketchannel",
	socketdriver = "skynet.socketdriver", stm = "skynet.stm",
}

t.run("test_compat10", {
	{ "every short name is its skynet.* module", function()
		package.path = "lua/lualib/compat10/?.lua;" .. package.path
		local n = 0
		for name, full in pairs(short) do
			t.eq(require(name), require(full), name)
			n = n + 1
		end
		t.eq(n, 19, "short names")
	end },
	{ "without compat10 on the path the short names are not found", function()
		package.path = package.path:gsub("lua/lualib/compat10/%?%.lua;", "")
		package.loaded.stm = nil
		t.raises(function() require "stm" end, "module 'stm' not found")
	end },
})
