-- clustersender: the one connection from this node to a remote node. It packs
-- requests (skynet.cluster.core), matches responses to callers by session, and
-- fails every waiting caller with the node's name when the connection drops.
-- It connects when a request needs it, so a node that comes back is reached again
-- by the next call. (skynet's twin keeps the connection in a socketchannel.)
--
-- Lua commands (from skynet.cluster, clusterproxy and clusterd):
--   req(addr, msg, sz)     a call: answers with the remote answer's bytes
--   push(addr, msg, sz)    a send: no answer
--   changenode(address)    "host:port" to move to, false to close
local skynet = require "skynet"
local socket = require "skynet.socket"
local cluster = require "skynet.cluster.core"
local driver = require "skynet.socketdriver"
local prototrace = require "skyglass.prototrace"
local sc_fail = require("skynet.socketchannel")._fail

local node, nodename, address = ...

local fd               -- the connection, when there is one
local connecting       -- coroutines waiting for a connect under way
local session = 1      -- the next request's session
local waiting = {}     -- session -> { co, ok, msg, parts, left, total, refused }

-- skyglass: responses in parts are held until their last part, at most
-- `cluster_request_limit` bytes of them at once (as clusteragent's requests; 0: no
-- limit). One past it is read and dropped, and its call fails: a node could
-- declare 4 GiB and make this service hold it (attack round 4).
local RESPONSE_LIMIT = math.tointeger(tonumber(skynet.getenv "cluster_request_limit")) or (64 << 20)
local held = 0         -- bytes declared by the responses in parts being held
local command = {}
-- what skynet's sender logs for a call its connection failed: its
-- socketchannel's error object, whose text is this
local SOCKET_ERROR = "[Error: socket]"

local function where()
	return string.format("cluster node [%s] (%s)", node, tostring(address))
end

local function host_port(addr)
	local host, port = tostring(addr):match("^(.*):(%d+)$")
	return host, tonumber(port)
end

-- Wakes every caller waiting on connection `id` with an error: it is gone.
local function fail_all(id, reason)
	for s, w in pairs(waiting) do
		if w.id == id then
			waiting[s] = nil
			if w.parts and not w.refused then held = held - w.total end
			w.ok, w.msg, w.dropped = false, reason, true
			skynet.wakeup(w.co)
		end
	end
end

-- Reads response packets until the connection closes. A response in parts is
-- collected as { total, part, part... }, the shape cluster.concat joins.
local function read_responses(id)
	while true do
		local head = socket.read(id, 2)
		if not head then break end
		local body = socket.read(id, head:byte(1) * 256 + head:byte(2))
		if not body then break end
		local s, ok, data, more = cluster.unpackresponse(body)
		local w = s and waiting[s]
		if s == nil then
			skynet.error(where() .. ": a malformed response; closing the connection")
			socket.close(id)
			break
		elseif not w then
			-- an answer nobody waits for (a push to a name the node lacks is
			-- answered, session 0): skynet's socketchannel logs it so
			skynet.error("socket: unknown session :", s)
		else
			-- skyglass: parts must follow their header and fit its total size, or
			-- a node could make this service hold parts without end.
			local part = w.parts and type(data) == "string"
			if more and type(data) == "number" and w.parts then
				skynet.error(string.format("%s: session %d: a second response header before the last part; closing the connection",
					where(), s))
				socket.close(id)
				break
			elseif (more and type(data) ~= "number" or part) and not (part and #data <= w.left) then
				skynet.error(string.format("%s: session %d: a response part past its declared size; closing the connection",
					where(), s))
				socket.close(id)
				break
			end
			if more then
				if type(data) == "number" then
					w.parts, w.left, w.total = { data }, data, data
					if RESPONSE_LIMIT > 0 and data > RESPONSE_LIMIT - held then
						w.refused = true -- its parts are counted and dropped
					else
						held = held + data
					end
				else
					w.left = w.left - #data
					if not w.refused then w.parts[#w.parts + 1] = data end
				end
			else
				waiting[s] = nil
				if w.refused then
					w.ok, w.msg = false, string.format(
						"%s: session %d: a response of %d bytes refused: more than cluster_request_limit (%d) would be held",
						where(), s, w.total, RESPONSE_LIMIT)
				elseif w.parts then
					held = held - w.total
					w.parts[#w.parts + 1] = data
					w.ok, w.msg = ok, w.parts
				else
					w.ok, w.msg = ok, data
				end
				prototrace.cluster(false, "response", node, s, "",
					w.parts and w.parts[1] or type(data) == "string" and #data or 0)
				skynet.wakeup(w.co)
			end
		end
	end
	if fd == id then
		fd = nil
	end
	-- Logged by command.req, once per failed call, as skynet's sender logs it.
	fail_all(id, where() .. " is down: the connection closed")
end

-- The connection, made now if there is none. Raises, naming the node, when the
-- node cannot be reached; concurrent callers share one attempt.
local function connect()
	if fd then return fd end
	if not address then error(where() .. " is offline", 0) end
	if connecting then
		local co = coroutine.running()
		connecting[#connecting + 1] = co
		skynet.wait(co)
		if not fd then
			skynet.error("Connect failed", nil, address, nil) -- as skynet's: only the trier knows why
			error(where() .. " is down: connect failed", 0)
		end
		return fd
	end
	connecting = {}
	local host, port = host_port(address)
	local id, err
	if host then
		id, err = socket.open(host, port)
	else
		err = "not a host:port address"
	end
	local waiters = connecting
	connecting = nil
	if id then
		fd = id
		driver.nodelay(id)  -- a request is often one small packet: do not let Nagle hold it
		skynet.fork(read_responses, id)
	end
	for _, co in ipairs(waiters) do skynet.wakeup(co) end
	if not id then
		-- skynet's socketchannel logs this (its host is the "host:port" text,
		-- its port nil); the caller's request then logs [Error: socket]
		skynet.error("Connect failed", err, address, nil)
		error(string.format("%s is down: connect failed (%s)", where(), tostring(err)), 0)
	end
	return fd
end

-- The address as the trace shows it: "@name", ".name" or ":0000000a".
local function address_text(addr)
	return type(addr) == "number" and string.format(":%08x", addr) or tostring(addr)
end

local function write_all(id, request, parts)
	socket.write(id, request)
	if parts then
		for _, p in ipairs(parts) do socket.write(id, p) end
	end
end

function command.req(addr, msg, sz)
	local ok, id = pcall(connect)
	if not ok then
		skynet.trash(msg, sz)
		-- as skynet's clustersender: its socketchannel's error is logged (the
		-- reason was logged before it), the caller gets "call failed"
		skynet.error(SOCKET_ERROR)
		return skynet.response()(false, id)
	end
	local current = session
	prototrace.cluster(true, "request", node, current, address_text(addr), sz)
	local request, next_session, parts = cluster.packrequest(addr, session, msg, sz)
	session = next_session
	local w = { co = coroutine.running(), id = id }
	waiting[current] = w
	write_all(id, request, parts)
	skynet.wait(w.co)
	if not w.ok then
		-- A remote error arrives as its text, logged as skynet's clustersender
		-- logs it: raised by its socketchannel (that file's position first); a
		-- local one already names the node.
		local reason = w.msg
		if w.dropped then
			skynet.error(SOCKET_ERROR) -- the connection dropped: skynet's sender logs its socketchannel's error
		else
			if type(reason) == "string" and not reason:find("^cluster node") then
				reason = select(2, pcall(sc_fail, reason))
			end
			skynet.error(reason)
		end
		return skynet.response()(false, reason)
	end
	if type(w.msg) == "table" then
		local joined, n = cluster.concat(w.msg)
		if not joined then return skynet.response()(false, where() .. ": a multi-part response did not add up") end
		return skynet.ret(joined, n)
	end
	skynet.ret(w.msg)
end

function command.push(addr, msg, sz)
	local ok, id = pcall(connect)
	if not ok then
		skynet.trash(msg, sz)
		skynet.error(id .. ": a send to it is dropped")
		return
	end
	local request, next_session, parts = cluster.packpush(addr, session, msg, sz)
	-- a one-packet push carries no session: the trace says 0, as the agent reads it
	prototrace.cluster(true, "push", node, parts and session or 0, address_text(addr), sz)
	if parts then session = next_session end  -- a multi-part push uses a session
	write_all(id, request, parts)
end

function command.changenode(addr)
	if addr ~= address or not addr then
		if not addr then skynet.error("Close cluster sender", tostring(address)) end
		address = addr or nil
		if fd then
			local old = fd
			fd = nil
			socket.close(old)
		end
	end
	skynet.ret(skynet.pack(nil))
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = command[cmd] or error("clustersender: unknown command " .. tostring(cmd))
		f(...)
	end)
end)
