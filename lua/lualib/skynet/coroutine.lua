-- skynet.coroutine: coroutines that may call skynet's blocking APIs (call, sleep, wait) inside them.
--
-- A plain coroutine.wrap breaks when its body calls skynet.call: the call
-- yields "SUSPEND" to whoever resumed it, not to the dispatcher. Here resume
-- tells the two kinds of yield apart: skynetco.yield(...) returns to the
-- resumer as coroutine.yield would, while a yield made by skynet itself is
-- passed up (the resumer blocks too) and, once the dispatcher resumes the
-- service's task with the answer, handed back down to the inner coroutine.
local coroutine_resume = coroutine.resume
local coroutine_yield = coroutine.yield
local coroutine_status = coroutine.status
local coroutine_running = coroutine.running
local select = select

local skynetco = {}

skynetco.isyieldable = coroutine.isyieldable
skynetco.running = coroutine.running

-- Coroutines made here: true while usable, "blocked" while waiting inside
-- skynet (a call, a sleep); gone when finished.
local state = setmetatable({}, { __mode = "k" })
-- Who resumed each one, to find the task it runs within (skynetco.thread).
local resumer = setmetatable({}, { __mode = "kv" })

function skynetco.close(co)
	state[co] = nil
	return coroutine.close(co)
end

function skynetco.create(f)
	local co = coroutine.create(f) -- a refusal names 'create', as skynet's
	state[co] = true
	return co
end

-- The results of one resume of co, followed through any skynet blocking.
local function follow(co, ok, ...)
	if not ok then
		state[co] = nil
		return false, ...
	end
	if coroutine_status(co) == "dead" then
		state[co] = nil
		return true, ...
	end
	if (...) == "USER" then
		return true, select(2, ...)
	end
	-- co blocked inside skynet: block our resumer the same way, then give co
	-- whatever woke us (the answer, or the failure of the call).
	state[co] = "blocked"
	local woke = table.pack(coroutine_yield(...))
	state[co] = true
	return follow(co, coroutine_resume(co, table.unpack(woke, 1, woke.n)))
end

function skynetco.resume(co, ...)
	local s = state[co]
	if s == nil then
		if coroutine_status(co) == "dead" then
			return coroutine_resume(co, ...) -- Lua's own "cannot resume dead coroutine"
		end
		return false, "cannot resume none skynet coroutine"
	end
	if s == "blocked" then
		return false, "cannot resume a skynet coroutine suspend by skynet framework"
	end
	if coroutine_status(co) ~= "suspended" then
		return false, "cannot resume non-suspended coroutine"
	end
	resumer[co] = coroutine_running()
	return follow(co, coroutine_resume(co, ...))
end

-- "blocked" while it waits inside skynet; otherwise coroutine.status.
function skynetco.status(co)
	if state[co] == "blocked" then
		return "blocked"
	end
	return coroutine_status(co)
end

function skynetco.yield(...)
	return coroutine_yield("USER", ...)
end

-- The task (the coroutine the dispatcher resumed) that co runs within, and
-- whether co is that task itself. A coroutine never resumed has no task yet
-- (nil, false), as skynet's.
function skynetco.thread(co)
	co = co or coroutine_running()
	if state[co] ~= nil then
		local root = resumer[co]
		while root and state[root] ~= nil and resumer[root] do
			root = resumer[root]
		end
		return root, false
	end
	return co, true
end

function skynetco.wrap(f)
	-- f is called from a function of ours, as skynet's wrap does: something
	-- that is not a function fails when first called, not here
	local co = skynetco.create(function(...)
		return f(...)
	end)
	return function(...)
		local function check(ok, ...)
			if ok then
				return ...
			end
			-- raised from here as skynet's wrap does: a string gets this file's position
			error((...))
		end
		return check(skynetco.resume(co, ...))
	end
end

return skynetco
