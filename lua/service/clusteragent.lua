-- clusteragent: serves one connection from a remote node. The gate hands it the
-- connection's packets (PTYPE_CLIENT, unpacked by skynet.cluster.core); it calls
-- or sends to the local service they name and writes the answers back.
-- clusterd starts one per accepted connection and stops it when it closes.
local skynet = require "skynet"
local socket = require "skynet.socket"
local cluster = require "skynet.cluster.core"
local core = require "skynet.core"
local socketdriver = require "skynet.socketdriver"
local prototrace = require "skyglass.prototrace"

local clusterd, gate, fd = ...
clusterd, gate, fd = tonumber(clusterd), tonumber(gate), tonumber(fd)

local large_request = {}  -- session -> { total, part, part..., addr = , is_push = , left = }

-- skyglass: what a peer may make this agent hold in large requests not yet
-- complete. skynet's and ours write a request's parts one after the other, so
-- a sender has one unfinished at a time; a peer that declared 4 GiB, or opened
-- sessions without end, grew the process one to one with what it sent (200 MiB
-- of parts: +225 MB; 200,000 sessions of 1 KB: +300 MB; attack round 4).
-- `cluster_request_limit` (bytes, a skyglass config key; 0: no limit) bounds
-- the declared sizes held at once: a request past it is read and dropped, and
-- answered with an error; the link goes on.
local REQUEST_LIMIT = math.tointeger(tonumber(skynet.getenv "cluster_request_limit")) or (64 << 20)
local MAX_UNFINISHED = 64 -- sessions in parts at once; past it the peer is refused
local held, unfinished = 0, 0
local names               -- "@name" -> handle, asked of clusterd once per name

local function reset_names()
	names = setmetatable({}, { __index = function(t, name)
		local addr = skynet.call(clusterd, "lua", "queryname", name:sub(2))
		if addr then t[name] = addr end
		return addr
	end })
end
reset_names()

-- The address as the trace shows it: "@name", ".name" or ":0000000a".
local function address_text(addr)
	return type(addr) == "number" and string.format(":%08x", addr) or tostring(addr)
end

local function answer(session, ok, msg, sz)
	prototrace.cluster(true, "response", "", session, "", sz or #msg)
	local response = cluster.packresponse(session, ok, msg, sz)
	if type(response) == "table" then
		for _, packet in ipairs(response) do socket.write(fd, packet) end
	else
		socket.write(fd, response)
	end
end

-- A packet that is not a cluster request (see the unpack in skynet.start).
local BAD = {}
local kicked = false -- after a bad packet, the ones already queued are dropped

-- skyglass: one line and the connection closed. skynet prints a traceback per
-- bad packet and keeps reading a peer that speaks garbage.
local function refuse(why)
	kicked = true
	skynet.error(string.format("cluster: bad request from fd %d (%s): closed", fd, why))
	skynet.send(gate, "lua", "kick", fd)
end

-- One whole request (or push): to the local service it names, and its answer back.
local function serve(addr, session, msg, sz, is_push)
	if addr == 0 then  -- cluster.query: a name to look up
		local ok, name = pcall(skynet.unpack, msg, sz)
		skynet.trash(msg, sz)
		if not ok or type(name) ~= "string" then
			-- skyglass: skynet's raised in "@" .. name (a traceback, no answer: its caller waited)
			return answer(session, false, "cluster.query: want a name, got " .. (ok and type(name) or "bad bytes"))
		end
		local found = names["@" .. name]
		if found then return answer(session, true, skynet.packstring(found)) end
		return answer(session, false, "name not found")
	end
	if cluster.isname(addr) then
		addr = names[addr]
	elseif type(addr) == "string" and addr:byte(1) ~= 46 and core.addresscommand("QUERY", addr) == nil then
		-- skyglass: a global name not registered (yet). skynet's call waits for
		-- it in the harbor, holding the request for good: 100,000 such requests
		-- of 1 KB kept 380 MB after the peer left (attack round 4).
		addr = nil
	end
	if not addr then
		skynet.trash(msg, sz)
		-- a push is answered too, as skynet's agent does (its sender then logs
		-- an answer to a session it does not wait for)
		return answer(session, false, "Invalid name")
	end
	if is_push then
		return skynet.rawsend(addr, "lua", msg, sz)
	end
	local ok, rmsg, rsz = pcall(skynet.rawcall, addr, "lua", msg, sz)
	if ok then
		answer(session, true, rmsg, rsz)
	else
		answer(session, false, tostring(rmsg))
	end
end

-- skyglass: requests waiting for a local service's answer, each in a coroutine
-- of this agent (about 2.6 KB). skynet's agent has no limit: 100,000 requests to
-- a service that sleeps (1.8 MB from the peer) grew the node by 570 MB (attack
-- round 5). Past `cluster_inflight_limit` (a skyglass config key, default 1024;
-- 0: no limit) the agent holds the requests that come, in order, and pauses the
-- connection, so TCP holds the peer back; they go on as answers come back. The
-- cost: a service that answers only after calling back through the same link
-- more than that many times at once waits for good (as HTTP/2's stream limit).
local MAX_INFLIGHT = math.tointeger(tonumber(skynet.getenv "cluster_inflight_limit")) or 1024
local inflight = 0
local held_list, held_first, held_last = {}, 1, 0
local paused = false

-- Serve one request counted in `inflight`, then the held ones, in order, in
-- this same coroutine: the running ones are the pool that drains the held list.
local function run(...)
	local ok, err = xpcall(serve, debug.traceback, ...)
	while true do
		if not ok then
			skynet.error(err) -- as a dispatch's error is logged, with its traceback
		end
		if held_first > held_last then
			break
		end
		local r = held_list[held_first]
		held_list[held_first] = nil
		held_first = held_first + 1
		ok, err = xpcall(serve, debug.traceback, r[1], r[2], r[3], r[4], r[5])
	end
	inflight = inflight - 1
	if paused then
		paused = false
		skynet.send(gate, "lua", "forward", fd) -- the gate owns the socket: it starts reading again
	end
end

local function hold(addr, session, msg, sz, is_push)
	held_last = held_last + 1
	held_list[held_last] = { addr, session, msg, sz, is_push }
	if not paused then
		paused = true
		socketdriver.pause(fd)
	end
end

-- One request (or one part of a large one). The session travels in the packet,
-- not in the skynet message, so nothing is answered with skynet.ret.
local function dispatch_request(_, _, addr, session, msg, sz, more, is_push)
	skynet.ignoreret()
	if kicked then
		if addr ~= BAD and msg then skynet.trash(msg, sz) end
		return
	end
	if addr == BAD then
		return refuse(session)
	end
	if session == nil then return end  -- a trace tag: skyglass traces every message anyway
	if more then
		local req = large_request[session]
		if msg == nil then  -- the header of a large request: its total size
			if req then
				return refuse(string.format("session %d: a second header before the last part", session))
			end
			if unfinished >= MAX_UNFINISHED then
				return refuse(string.format("more than %d large requests unfinished", MAX_UNFINISHED))
			end
			req = { addr = addr, is_push = is_push, left = sz, total = sz }
			large_request[session] = req
			unfinished = unfinished + 1
			if REQUEST_LIMIT > 0 and sz > REQUEST_LIMIT - held then
				req.refused = true -- its parts are counted and dropped
			else
				held = held + sz
				cluster.append(req, nil, sz)
			end
			return
		end
		-- skyglass: parts must follow a header and fit its total, or a peer
		-- could make this agent hold parts that never end.
		if not req or sz > req.left then
			skynet.trash(msg, sz)
			return refuse(string.format("session %d: a part past the declared size", session))
		end
		req.left = req.left - sz
		if req.refused then
			skynet.trash(msg, sz)
		else
			cluster.append(req, msg, sz)
		end
		return
	end
	local req = large_request[session]
	if req then
		large_request[session] = nil
		unfinished = unfinished - 1
		if req.refused then
			skynet.trash(msg, sz)
			local why = string.format("cluster: a request of %d bytes (session %d) refused: more than cluster_request_limit (%d) would be held",
				req.total, session, REQUEST_LIMIT)
			skynet.error(why)
			if not req.is_push then answer(session, false, why) end
			return
		end
		held = held - req.total
		cluster.append(req, msg, sz)
		msg, sz = cluster.concat(req)
		addr, is_push = req.addr, req.is_push
		if not msg then return answer(session, false, "Invalid large req") end
	end
	prototrace.cluster(false, is_push and "push" or "request", "", session, address_text(addr), sz)
	if MAX_INFLIGHT > 0 and (inflight >= MAX_INFLIGHT or held_first <= held_last) then
		return hold(addr, session, msg, sz, is_push)
	end
	inflight = inflight + 1
	run(addr, session, msg, sz, is_push)
end

skynet.start(function()
	skynet.register_protocol {
		name = "client",
		id = skynet.PTYPE_CLIENT,
		unpack = function(msg, sz)
			local ok, addr, session, m, size, more, is_push = pcall(cluster.unpackrequest, msg, sz)
			if ok then
				return addr, session, m, size, more, is_push
			end
			return BAD, addr
		end,
		dispatch = dispatch_request,
	}
	-- The gate starts reading the connection and sends its packets here.
	pcall(skynet.call, gate, "lua", "forward", fd)
	skynet.dispatch("lua", function(_, source, cmd)
		if cmd == "exit" then
			socket.close_fd(fd)
			for i = held_first, held_last do -- held requests own their bytes
				local r = held_list[i]
				if r[3] then skynet.trash(r[3], r[4]) end
			end
			skynet.exit()
		elseif cmd == "namechange" then
			reset_names()
		else
			skynet.error(string.format("Invalid command %s from %s", tostring(cmd), skynet.address(source)))
		end
	end)
end)
