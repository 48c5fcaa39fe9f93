-- skynet.exit: a service ending itself, loaded on first use (skynet/lazy.lua).
--
-- Every service loads skynet/lifecycle.lua, but a plain service that is
-- killed (or never ends) never calls exit: keeping it out of lifecycle.lua
-- saves ~17 K instructions of each create+kill (bench_spawn, callgrind); a
-- service's first exit loads this file then.
local coroutine_yield = coroutine.yield

return function(skynet, internal)
local c = internal.c
local self_handle = skynet.self()
local PTYPE_RESPONSE, PTYPE_ERROR = skynet.PTYPE_RESPONSE, skynet.PTYPE_ERROR

function skynet.exit()
	internal.drop_forks()
	skynet.send(".launcher", "lua", "REMOVE", self_handle, false)
	internal.fail_pending_requests("exited")
	-- The tasks still waiting will never resume: close them, so their
	-- to-be-closed variables run (as skynet does).
	local running = internal.running.thread
	for _, co in pairs(internal.session_id_coroutine) do
		if type(co) == "thread" and co ~= running then
			coroutine.close(co)
		end
	end
	-- Tell the services we still wait on that we are gone, so they drop
	-- the answers they owe us.
	local callees = {}
	for _, address in pairs(internal.watching_session) do
		callees[address] = true
	end
	for address in pairs(callees) do
		c.send(address, PTYPE_ERROR, 0, "")
	end
	-- From now on a request gets an ERROR instead of a dispatch: messages
	-- already taken from the queue may still arrive before the end.
	c.callback(function(prototype, msg, sz, session, source)
		if session ~= 0 and source ~= 0 and prototype ~= PTYPE_RESPONSE and prototype ~= PTYPE_ERROR then
			c.send(source, PTYPE_ERROR, session, "service " .. skynet.address(self_handle) .. " exited")
		end
	end)
	c.command("EXIT")
	coroutine_yield "QUIT"
end
end
