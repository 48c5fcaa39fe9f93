-- datacenterd: holds skynet.datacenter's tree of values and the coroutines waiting for a leaf.
local skynet = require "skynet"
require "skynet.manager"

local database = {}   -- the tree: key -> value or branch (a plain table)
local waiting = {}    -- same shape as the keys waited on; a leaf here is a list of responses
local LEAF = {}       -- marks a list of responses in `waiting` (a key no caller can send)
local command = {}

local function path_text(...)
	local keys = table.pack(...)
	for i = 1, keys.n do
		keys[i] = tostring(keys[i])
	end
	return table.concat(keys, ".", 1, keys.n)
end

-- As skynet's: a path that is not there reads nil, and a path through a
-- leaf fails indexing it ("attempt to index a number value (local 'db')").
local function query(db, key, ...)
	if db == nil or key == nil then
		return db
	end
	return query(db[key], ...)
end

-- skynet answers QUERY with no value at all when the first key is unset
-- (select("#", datacenter.get("nope")) == 0), and with the value otherwise.
function command.QUERY(key, ...)
	local node = database[key]
	if node ~= nil then
		return query(node, ...)
	end
end

-- Store value at the path, making branches on the way; returns the old value and the new.
-- As skynet's, a path through a leaf fails indexing it.
local function update(db, key, value, ...)
	if select("#", ...) == 0 then
		local old = db[key]
		db[key] = value
		return old, value
	end
	if db[key] == nil then
		db[key] = {}
	end
	return update(db[key], value, ...)
end

-- Take the waiters of the path's leaf out of `waiting`. A set that makes a
-- branch where someone waits for a leaf fails those waiters: what they wait
-- for can no longer be a leaf.
local function take_waiters(node, n, i, keys)
	local q = node[keys[i]]
	if q == nil then
		return nil
	end
	if q[LEAF] then
		node[keys[i]] = nil
		if i == n then
			return q
		end
		local why = "datacenter.wait: " .. path_text(table.unpack(keys, 1, i)) .. " became a branch"
		for _, response in ipairs(q) do
			response(false, why)
		end
		return nil
	end
	if i == n then
		return nil
	end
	return take_waiters(q, n, i + 1, keys)
end

function command.UPDATE(...)
	-- as skynet's, nothing is checked: a nil key fails in Lua ("index is
	-- nil"), one argument clears that key
	local n = select("#", ...)
	local old, value = update(database, ...)
	-- skynet answers with the old value when there was one (or the set
	-- cleared a leaf), and with no value at all otherwise.
	if old ~= nil or value == nil then
		return old
	end
	local q = take_waiters(waiting, n - 1, 1, { ... })
	if q then
		-- lesson 20.2: a set wakes every coroutine that waits on this leaf
		for _, response in ipairs(q) do
			response(true, value)
		end
	end
end

-- The list of responses waiting for the path's leaf (made if missing).
local function waiters_of(node, n, i, keys)
	local key = keys[i]
	local q = node[key]
	if i == n then
		if q == nil then
			q = { [LEAF] = true }
			node[key] = q
		elseif not q[LEAF] then
			error("datacenter.wait: someone already waits below " .. tostring(key) .. ", which is a branch", 0)
		end
		return q
	end
	if q == nil then
		q = {}
		node[key] = q
	elseif q[LEAF] then
		error("datacenter.wait: " .. tostring(key) .. " is waited on as a leaf", 0)
	end
	return waiters_of(q, n, i + 1, keys)
end

function command.WAIT(...)
	local value = command.QUERY(...) -- a branch is a value too, as skynet's
	if value ~= nil then
		return value
	end
	-- lesson 20.1: nothing there yet: answer later, when a set fills this leaf
	local q = waiters_of(waiting, select("#", ...), 1, { ... })
	q[#q + 1] = skynet.response()
	return command -- answered later
end

skynet.start(function()
	-- A runtime service: the process ends when only such services are left.
	skynet.daemon()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = command[cmd]
		if f == nil then
			error("datacenterd: unknown command " .. tostring(cmd))
		end
		local ret = table.pack(f(...))
		if ret[1] ~= command then
			skynet.retpack(table.unpack(ret, 1, ret.n))
		end
	end)
end)
