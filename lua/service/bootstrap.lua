-- bootstrap: the first Lua service: starts the launcher, service_mgr and datacenterd, then the config's `start`.
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

	-- One node (harbor 0): cdummy keeps the global names, as in skynet.
	local harbor_id = tonumber(skynet.getenv "harbor" or 0)
	if harbor_id ~= 0 then
		skynet.error("bootstrap: harbor " .. harbor_id .. " is not supported (skyglass runs a single node, harbor = 0)")
		skynet.abort(1)
		return
	end
	local slave = system_service("cdummy")
	if not slave then
		return
	end
	skynet.name(".cslave", slave)

	-- As skynet's bootstrap: the datacenter is always there (skynet.datacenter),
	-- started before service_mgr, so every address after is skynet's.
	local dc = system_service("datacenterd")
	if not dc then
		return
	end
	skynet.name(".datacenter", dc)
	skynet.name("DATACENTER", dc) -- skynet's (global) name, for code that calls it directly

	local mgr = system_service("service_mgr")
	if not mgr then
		return
	end
	skynet.name(".service", mgr)

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
