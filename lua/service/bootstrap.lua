-- bootstrap: the first Lua service: starts the launcher, the harbor's slave (and master), datacenterd, service_mgr, then `start`.
local skynet = require "skynet"
require "skynet.manager"

-- A service the node cannot run without: on failure the reason is logged and
-- the node ends, as nothing after it could work.
local function system_service(name)
	local ok, addr = pcall(skynet.newservice, name)
	if not ok then
		skynet.error("bootstrap: " .. tostring(addr))
		skynet.abort(1)
		return nil
	end
	return addr
end

skynet.start(function()
	local launcher = assert(skynet.launch("snlua", "launcher"), "bootstrap: cannot launch the launcher")
	skynet.name(".launcher", launcher)

	-- One node (harbor 0): cdummy keeps the global names. A harbor network
	-- (harbor 1..255): the node with `standalone` runs the master (cmaster),
	-- and every node a slave (cslave) that joins it, as skynet's bootstrap.
	local harbor_id = tonumber(skynet.getenv "harbor" or 0)
	local standalone = skynet.getenv "standalone"
	if harbor_id == 0 then
		standalone = "true"
		skynet.setenv("standalone", "true") -- as skynet's: a single node stands alone
	elseif standalone and not system_service("cmaster") then
		return
	end
	local slave = system_service(harbor_id == 0 and "cdummy" or "cslave")
	if not slave then
		return
	end
	skynet.name(".cslave", slave)

	-- As skynet's bootstrap: the node that stands alone keeps the datacenter
	-- (skynet.datacenter), started before service_mgr, so every address after
	-- is skynet's; the other nodes reach it by its global name.
	if standalone then
		local dc = system_service("datacenterd")
		if not dc then
			return
		end
		skynet.name(".datacenter", dc)
		skynet.name("DATACENTER", dc) -- skynet's (global) name, which other nodes call
	end

	local mgr = system_service("service_mgr")
	if not mgr then
		return
	end
	skynet.name(".service", mgr)

	-- TLS (ltls.c) loads only once this has run, as on skynet, whose bootstrap
	-- does it in a service cell of this name when the config asks for it.
	if skynet.getenv "enablessl" == "true" then
		local service = require "skynet.service"
		service.new("ltls_holder", function()
			local c = require "ltls.init.c"
			c.constructor()
		end)
	end

	local start = skynet.getenv "start" or "main"
	local started = pcall(skynet.newservice, start)
	if not started then
		-- Nothing more is logged: the failing service's own error line says
		-- why, as on skynet, whose bootstrap ignores pcall's result. skynet
		-- keeps the node running; a lesson or test that opted in to
		-- exit_when_idle wants the failure as its exit status instead.
		if skynet.getenv "exit_when_idle" == "true" then
			skynet.abort(1)
			return
		end
	end
	skynet.exit()
end)
