-- sproto_agent: a watchdog + gate + agents speaking sproto (host:attach requests and responses, pushes, errors), a client that disconnects and one that is kicked.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local sproto = require "sproto"
local sprotoparser = require "sprotoparser"

local mode = ...
local log = skynet.error

local c2s = [[
.package {
	type 0 : integer
	session 1 : integer
}
.item {
	name 0 : string
	count 1 : integer
	tags 2 : *string
}
login 1 {
	request { name 0 : string  password 1 : string }
	response { ok 0 : boolean  motd 1 : string }
}
add 2 {
	request { item 0 : item }
	response { total 0 : integer }
}
list 3 {
	response { items 0 : *item }
}
quit 4 {}
fail 5 {
	response { never 0 : string }
}
]]

local s2c = [[
.package {
	type 0 : integer
	session 1 : integer
}
heartbeat 1 {}
notice 2 {
	request { text 0 : string  level 1 : integer }
}
]]

local function sorted(t)
	if type(t) ~= "table" then return tostring(t) end
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local out = {}
	for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. sorted(t[k]) end
	return "{" .. table.concat(out, ",") .. "}"
end

if mode == "agent" then
	local host = sproto.new(sprotoparser.parse(c2s)):host "package"
	local push = host:attach(sproto.new(sprotoparser.parse(s2c)))
	local client_fd, name
	local items = {}
	local REQUEST = {}
	function REQUEST.login(args)
		name = args.name
		return { ok = args.password == "secret", motd = "welcome " .. args.name }
	end
	function REQUEST.add(args)
		items[#items + 1] = args.item
		local total = 0
		for _, it in ipairs(items) do total = total + (it.count or 0) end
		return { total = total }
	end
	function REQUEST.list()
		return { items = items }
	end
	function REQUEST.quit()
		skynet.send(skynet.self(), "lua", "push_quit")
	end
	function REQUEST.fail()
		error("request fail raised")
	end
	local function send_package(pack)
		socket.write(client_fd, string.pack(">s2", pack))
	end
	skynet.register_protocol {
		name = "client",
		id = skynet.PTYPE_CLIENT,
		unpack = function(msg, sz) return host:dispatch(msg, sz) end,
		dispatch = function(_, _, kind, proto_name, args, response, ud)
			log("agent got", kind, proto_name, sorted(args), type(response), ud)
			if kind == "REQUEST" then
				local ok, r = pcall(REQUEST[proto_name], args)
				if not ok then
					log("agent request failed", r)
				elseif response then
					send_package(response(r))
				end
			end
		end,
	}
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, cmd, ...)
			if cmd == "start" then
				local gate, fd = ...
				client_fd = fd
				skynet.call(gate, "lua", "forward", fd)
				send_package(push("heartbeat"))
				skynet.retpack(true)
			elseif cmd == "push_quit" then
				send_package(push("notice", { text = "bye " .. tostring(name), level = 3 }))
			elseif cmd == "disconnect" then
				log("agent exits", name)
				skynet.exit()
			end
		end)
	end)
elseif mode == "watchdog" then
	local gate
	local agents = {}
	local SOCKET = {}
	function SOCKET.open(fd, addr)
		log("watchdog: open", (addr:gsub(":%d+$", ":PORT")))
		local agent = skynet.newservice(SERVICE_NAME, "agent")
		agents[fd] = agent
		skynet.call(agent, "lua", "start", gate, fd)
	end
	function SOCKET.close(fd)
		log("watchdog: close", agents[fd] ~= nil)
		local agent = agents[fd]
		agents[fd] = nil
		if agent then skynet.send(agent, "lua", "disconnect") end
	end
	function SOCKET.error(fd, msg) log("watchdog: error", msg) SOCKET.close(fd) end
	function SOCKET.warning(fd, size) log("watchdog: warning", size) end
	function SOCKET.data(fd, msg) log("watchdog: data", #msg) end
	skynet.start(function()
		skynet.dispatch("lua", function(session, _, cmd, subcmd, ...)
			if cmd == "socket" then
				SOCKET[subcmd](...)
			elseif cmd == "start" then
				skynet.call(gate, "lua", "open", subcmd)
				skynet.retpack(true)
			elseif cmd == "kick" then
				for fd in pairs(agents) do
					skynet.call(gate, "lua", "kick", fd)
				end
				skynet.retpack(true)
			end
		end)
		gate = skynet.newservice("gate")
	end)
else
	local host = sproto.new(sprotoparser.parse(s2c)):host "package"
	local request = host:attach(sproto.new(sprotoparser.parse(c2s)))
	local function read_package(fd)
		local head = socket.read(fd, 2)
		if not head then return nil end
		return socket.read(fd, string.unpack(">I2", head))
	end
	local function show(fd, who)
		local pack = read_package(fd)
		if not pack then
			log(who, "reads: closed")
			return
		end
		local kind, a, b, c = host:dispatch(pack)
		if kind == "REQUEST" then
			log(who, "push", a, sorted(b), type(c))
		else
			log(who, "response", a, sorted(b), c)
		end
	end
	skynet.start(function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid)
		local watchdog = skynet.newservice(SERVICE_NAME, "watchdog")
		skynet.call(watchdog, "lua", "start", { address = "127.0.0.1", port = port, maxclient = 4 })
		local fd = socket.open("127.0.0.1", port)
		show(fd, "client")
		socket.write(fd, string.pack(">s2", request("login", { name = "ann", password = "secret" }, 1)))
		show(fd, "client")
		socket.write(fd, string.pack(">s2", request("add", { item = { name = "apple", count = 3, tags = { "red", "fruit" } } }, 2)))
		show(fd, "client")
		socket.write(fd, string.pack(">s2", request("add", { item = { name = "pear" } }, 3)))
		show(fd, "client")
		socket.write(fd, string.pack(">s2", request("list", nil, 4)))
		show(fd, "client")
		socket.write(fd, string.pack(">s2", request("fail", nil, 5)))
		skynet.sleep(5)
		socket.write(fd, string.pack(">s2", request("quit")))
		show(fd, "client")
		-- a request this protocol does not know: the agent's unpack raises
		socket.write(fd, string.pack(">s2", "\1\2\3"))
		skynet.sleep(5)
		socket.close(fd)
		skynet.sleep(10) -- the watchdog and the agent log the disconnect
		local fd2 = socket.open("127.0.0.1", port)
		show(fd2, "client 2")
		skynet.call(watchdog, "lua", "kick")
		skynet.sleep(10)
		show(fd2, "client 2")
		log("errors", pcall(request, "nosuch", {}))
		log("bad field", pcall(request, "login", { name = 12 }, 9))
		log("bad element", pcall(request, "add", { item = { name = "x", tags = { "a", 3 } } }, 10))
		log("bad count", pcall(request, "add", { item = { name = "x", count = 1.5 } }, 11))
		log("bad array", pcall(request, "add", { item = { name = "x", tags = "a" } }, 12))
		log("unknown session", pcall(host.dispatch, host, string.pack(">s2", "")))
		skynet.sleep(20) -- skynet.abort does not wait for the logger: let it catch up
		skynet.abort()
	end)
end
