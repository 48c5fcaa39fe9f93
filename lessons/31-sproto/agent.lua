-- agent: serves one client of the gate in sproto. Each netpack packet is a
-- zero-packed sproto message: host:dispatch decodes it into a request, the
-- handler answers, and the answer goes back framed by netpack.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"
local sprotoloader = require "sprotoloader"

local host = sprotoloader.load(1):host "package"
local client_fd
local store = {}

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x ", c:byte()) end))
end

local REQUEST = {}

function REQUEST.handshake()
	return { msg = "Welcome to skyglass, I will send heartbeat every 5 sec." }
end

function REQUEST.get(args)
	return { result = store[args.what] or "(nothing)" }
end

function REQUEST.set(args)
	store[args.what] = args.value
end

function REQUEST.quit()
	skynet.call(skynet.self(), "lua", "disconnect")
end

-- The gate redirects each packet here as PTYPE_CLIENT (session = the client's fd).
skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(fd, _, packet)
		skynet.ignoreret()
		-- lesson 31.2: dispatch unpacks and decodes: the bytes become a protocol name and a table
		local ok, kind, name, args, respond = pcall(host.dispatch, host, packet)
		if not ok then
			-- garbage or a cut packet: an error from dispatch, and the agent goes on
			skynet.error("agent: bad packet (" .. #packet .. " bytes): " .. tostring(kind))
			return
		end
		local shown = {}
		for k, v in pairs(args or {}) do shown[#shown + 1] = k .. "=" .. tostring(v) end
		skynet.error(string.format("agent: %s %s {%s} from bytes %s", kind, name, table.concat(shown, ","), hex(packet)))
		local f = REQUEST[name]
		local result = f(args)
		if respond then
			-- lesson 31.3: the response function encodes the answer for this request's session
			socket.write(fd, netpack.pack(respond(result)))
		end
	end,
}

local CMD = {}

function CMD.start(conf)
	client_fd = conf.client
	skynet.call(conf.gate, "lua", "forward", client_fd)
end

function CMD.disconnect()
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = assert(CMD[cmd], "agent: unknown command " .. tostring(cmd))
		skynet.ret(skynet.pack(f(...)))
	end)
end)
