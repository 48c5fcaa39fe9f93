-- agent.lua: one client's agent: sproto requests from the gate, pushes from the room and its channel.
local skynet = require "skynet"
local socket = require "skynet.socket"
local sprotoloader = require "sprotoloader"
local mc = require "skynet.multicast"
local queue = require "skynet.queue"

local host, send_request
local client_fd, watchdog
local who = "?"
local room
local cs = queue()

local function send_package(pack)
	socket.write(client_fd, string.pack(">s2", pack))
end

local REQUEST = {}

function REQUEST.login(args)
	who = args.name
	return { ok = true, greeting = "welcome " .. who }
end

-- joins run one at a time: a second join waits until the first has its answer
function REQUEST.join(args)
	return cs(function()
		local ok, members, channel_id = pcall(skynet.call, "." .. args.room, "lua", "join", skynet.self(), who)
		if not ok then
			skynet.error("agent " .. who .. ": join failed: " .. tostring(members))
			return { members = 0 }
		end
		room = "." .. args.room
		local ch = mc.new {
			channel = channel_id,
			dispatch = function(_, _, text)
				send_package(send_request("notice", { text = text }))
			end,
		}
		ch:subscribe()
		return { members = members }
	end)
end

function REQUEST.say(args)
	return { delivered = skynet.call(room, "lua", "say", who, args.text) }
end

function REQUEST.announce(args)
	skynet.send(room, "lua", "announce", who, args.text)
end

function REQUEST.shutdown()
	skynet.send(watchdog, "lua", "shutdown", who)
end

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = function(msg, sz)
		return host:dispatch(msg, sz)
	end,
	dispatch = function(fd, _, type, name, args, response)
		skynet.ignoreret() -- the gate sends client packets with the fd as session
		assert(type == "REQUEST")
		local f = assert(REQUEST[name], name)
		local r = f(args)
		if response then
			send_package(response(r))
		end
	end,
}

local CMD = {}

function CMD.start(conf)
	client_fd, watchdog = conf.client, conf.watchdog
	host = sprotoloader.load(1):host "package"
	send_request = host:attach(sprotoloader.load(2))
	skynet.call(conf.gate, "lua", "forward", client_fd)
end

function CMD.push(from, text)
	send_package(send_request("message", { from = from, text = text }))
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = assert(CMD[cmd], cmd)
		local r = f(...)
		if session ~= 0 then
			skynet.ret(skynet.pack(r))
		end
	end)
end)
