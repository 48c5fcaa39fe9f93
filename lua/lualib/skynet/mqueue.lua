-- skynet.mqueue: skynet's deprecated one-at-a-time message queue (use skynet.queue in new
-- code). Messages of the "queue" protocol (id 8) are handled strictly in arrival order by
-- one coroutine, so a handler that blocks holds back the rest.
local skynet = require "skynet"
local core = require "skynet.core"

local mqueue = {}

local inbox = {} -- { session =, addr =, args... } in arrival order
local idle_co -- the dispatcher, when it waits for mail
local registered = false

skynet.register_protocol {
	name = "queue",
	id = skynet.PTYPE_QUEUE,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = function(session, source, ...)
		inbox[#inbox + 1] = { session = session, addr = source, ... }
		local co = idle_co
		if co then
			idle_co = nil
			skynet.wakeup(co)
		end
	end,
}

local function run_queue(handler)
	while true do
		local msg = table.remove(inbox, 1)
		if not msg then
			idle_co = coroutine.running()
			skynet.wait(idle_co)
		elseif msg.session == 0 then
			-- a send: nothing to answer; a result or an error is a mistake of the sender's
			local ok, ret = pcall(handler, table.unpack(msg))
			if not ok or ret then
				skynet.fork(run_queue, handler) -- carry on in a fresh coroutine
				if ok then
					error(string.format("[:%x] send a message to [:%x] return something", msg.addr, skynet.self()))
				end
				error(string.format("[:%x] send a message to [:%x] throw an error : %s", msg.addr, skynet.self(),
					tostring(ret)))
			end
		else
			-- a call: answer with (ok, results...) so the caller can raise the error
			local data, size = skynet.pack(pcall(handler, table.unpack(msg)))
			core.send(msg.addr, skynet.PTYPE_RESPONSE, msg.session, data, size)
		end
	end
end

-- register(f): f(...) handles each queued message; call once per service.
function mqueue.register(handler)
	assert(not registered)
	registered = true
	skynet.fork(run_queue, handler)
end

local function unwrap(ok, ...)
	if not ok then
		error(...)
	end
	return ...
end

function mqueue.call(addr, ...)
	return unwrap(skynet.call(addr, "queue", ...))
end

function mqueue.send(addr, ...)
	return skynet.send(addr, "queue", ...)
end

-- How many messages wait.
function mqueue.size()
	return #inbox
end

return mqueue
