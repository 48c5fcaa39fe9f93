-- callable_tables: tables with __call where skynet takes a function: a dispatch handler, a fork, a timeout,
-- the start function, a protocol's pack and unpack, a response's pack, dispatch_unknown_request, skynet.init
-- (skynet asserts a function there), a queue section; and a callable table that raises.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local log = skynet.error

local function callable(name, f)
	return setmetatable({ name = name }, { __call = function(self, ...) return f(self, ...) end })
end

local mode = ...
if mode == "callee" then
	skynet.start(callable("start", function(self)
		log("callee start via", self.name)
		skynet.dispatch("lua", callable("handler", function(self, session, source, cmd, ...)
			if cmd == "raise" then error("callable raise") end
			if cmd == "later" then
				local resp = skynet.response(callable("pack", function(_, ...) return skynet.pack("packed", ...) end))
				skynet.fork(function() resp(true, cmd) end)
				return
			end
			skynet.retpack(self.name, cmd, ...)
		end))
	end))
	return
end

skynet.register_protocol {
	name = "ct", id = 160,
	pack = callable("ctpack", function(_, ...) return table.concat({ ... }, ",") end),
	unpack = callable("ctunpack", function(_, msg, sz) return "u:" .. skynet.tostring(msg, sz) end),
}

log("init with a table", pcall(skynet.init, callable("init", function() log("init ran") end)))

skynet.start(function()
	local callee = skynet.newservice(SERVICE_NAME, "callee")
	log("call", skynet.call(callee, "lua", "hi", 1))
	log("call later", skynet.call(callee, "lua", "later"))
	log("call raise", pcall(skynet.call, callee, "lua", "raise"))
	skynet.fork(callable("fork", function(self, a) log("fork via", self.name, a) end), "arg")
	skynet.dispatch("ct", function(session, source, text)
		log("ct got", text)
		if session ~= 0 then skynet.ret(text) end
	end)
	log("ct call", skynet.call(skynet.self(), "ct", "a", "b"))
	local old = skynet.dispatch_unknown_request(callable("unknown", function(self, session, source, msg, sz, ptype)
		log("unknown request via", self.name, ptype, skynet.tostring(msg, sz))
	end))
	skynet.register_protocol { name = "nodispatch", id = 161, pack = function(s) return s end }
	skynet.send(skynet.self(), "nodispatch", "raw")
	skynet.sleep(5)
	skynet.dispatch_unknown_request(old)
	skynet.timeout(1, callable("timeout", function(self) log("timeout via", self.name) end))
	skynet.sleep(3)
	local queue = require "skynet.queue"
	local cs = queue()
	log("queue section", cs(callable("section", function(self, x) return self.name, x end), 7))
	skynet.sleep(10)
	skynet.abort()
end)
