-- skynet.socketchannel: a reconnecting TCP client whose requests wait for their responses.
--
-- A channel talks to one outside server (redis, mongo, mysql...). Two modes, as in skynet:
--   * session mode (desc.response given): desc.response(sock) reads one reply and returns
--     session, ok, data [, padding]; replies may come in any order.
--   * order mode: every request carries its own reader function; replies come in the order
--     the requests were written.
-- One dispatch coroutine per connection reads the replies and wakes the callers. When the
-- connection breaks, every waiting caller raises (socketchannel.error, or the reader's own
-- error text) and the next request connects again.
local skynet = require "skynet"
local socket = require "skynet.socket"
local driver = require "skynet.socketdriver"

local socketchannel = {}

-- The error object raised for a broken connection; callers compare against it.
local SOCKET_ERROR = setmetatable({}, { __tostring = function() return "[Error: socket]" end })
socketchannel.error = SOCKET_ERROR

local channel = {}
local channel_mt = { __index = channel }

----------------------------------------------------------------------
-- the sock object handed to readers: sock:read(n), sock:readline(sep)
----------------------------------------------------------------------

-- A reader that raises SOCKET_ERROR instead of returning false on close.
local function raising(read)
	return function(sock, ...)
		local data = read(sock[1], ...)
		if not data then
			error(SOCKET_ERROR)
		end
		return data
	end
end

local sock_methods = {
	read = raising(socket.read),
	readline = raising(socket.readline),
}

local function shut_on_collect(sock)
	local fd = sock[1]
	sock[1] = false
	if fd then
		socket.shutdown(fd)
	end
end

local default_sock_mt = { __index = sock_methods, __gc = shut_on_collect }

function socketchannel.channel(desc)
	local sock_mt = default_sock_mt
	if desc.socket_read or desc.socket_readline then
		-- a caller may replace how replies are read (e.g. TLS)
		sock_mt = {
			__index = {
				read = desc.socket_read or sock_methods.read,
				readline = desc.socket_readline or sock_methods.readline,
			},
			__gc = shut_on_collect,
		}
	end
	local self = {
		__host = assert(desc.host),
		__port = desc.port,
		__backup = desc.backup,
		__auth = desc.auth,
		__response = desc.response, -- session mode when set
		__nodelay = desc.nodelay,
		__overload_notify = desc.overload,
		__overload = false,
		__socket_meta = sock_mt,
		__sock = false, -- { fd } while connected
		__closed = false,
		__authcoroutine = false,
		__request = {}, -- order mode: the reader of each pending reply, in order
		__thread = {}, -- order mode: the waiting coroutines in order; session mode: session -> co
		__result = {}, -- co -> true/false/SOCKET_ERROR
		__result_data = {}, -- co -> data or error text
		__connecting = {}, -- [1] = true while one coroutine connects; the rest wait
	}
	return setmetatable(self, channel_mt)
end

----------------------------------------------------------------------
-- waking callers
----------------------------------------------------------------------

local function finish(self, co, ok, data)
	self.__result[co] = ok
	self.__result_data[co] = data
	skynet.wakeup(co)
end

-- Append one part of a multi-part (padding) reply, or set the whole reply.
local function deliver(self, co, ok, data)
	local parts = self.__result_data[co]
	if ok and parts then
		parts[#parts + 1] = data
		self.__result[co] = ok
		skynet.wakeup(co)
	else
		finish(self, co, ok, data)
	end
end

-- The connection is gone: every waiting caller raises `errmsg` (or SOCKET_ERROR).
local function fail_all(self, errmsg)
	if self.__response then
		for session, co in pairs(self.__thread) do
			self.__thread[session] = nil
			finish(self, co, SOCKET_ERROR, errmsg)
		end
	else
		local waiting = self.__thread
		self.__request = {}
		self.__thread = {}
		for i = 1, #waiting do
			local co = waiting[i]
			if co then -- false marks the dispatcher's stop signal
				finish(self, co, SOCKET_ERROR, errmsg)
			end
		end
	end
end

local function drop_socket(self)
	local sock = self.__sock
	if not sock then
		return
	end
	self.__sock = false
	local dispatcher = self.__wait_response
	if dispatcher then
		self.__wait_response = nil
		skynet.wakeup(dispatcher)
	end
	pcall(socket.close, sock[1]) -- closing never raises to the caller
end

-- The error text a failed reader left, or nil for a plain socket failure.
local function reader_error(e)
	if e ~= SOCKET_ERROR then
		return e
	end
end

----------------------------------------------------------------------
-- dispatch coroutines: one per connection
----------------------------------------------------------------------

local function dispatch_session(self)
	local read_reply = self.__response
	while self.__sock do
		local ok, session, result_ok, data, padding = pcall(read_reply, self.__sock)
		if not ok or not session then
			drop_socket(self)
			fail_all(self, reader_error(session))
		else
			-- lesson 23.7: the response function said whose answer this is: the session finds the coroutine
			local co = self.__thread[session]
			if not co then
				self.__thread[session] = nil
				skynet.error("socket: unknown session :", session)
			else
				if padding and result_ok then
					-- more parts follow: collect them in a table
					local parts = self.__result_data[co] or {}
					self.__result_data[co] = parts
					parts[#parts + 1] = data
				else
					self.__thread[session] = nil
					deliver(self, co, result_ok, data)
				end
				if not self.__sock then
					fail_all(self, "channel_closed")
					break
				end
			end
		end
	end
end

-- Next pending (reader, co) in order mode, waiting for a request to be written.
local function next_pending(self)
	while self.__sock do
		-- lesson 23.3: the dispatcher takes the oldest request's reader and coroutine; with none, it waits for one
		local reader = table.remove(self.__request, 1)
		local co = table.remove(self.__thread, 1)
		if reader then
			return reader, co
		end
		self.__wait_response = coroutine.running()
		skynet.wait(self.__wait_response)
	end
end

-- Run a reader; with padding, keep reading parts until it says the reply is done.
local function read_ordered(reader, sock)
	local ok, data, more = reader(sock)
	if not (ok and more) then
		return ok, data
	end
	local parts = { data }
	repeat
		ok, data, more = reader(sock)
		if not ok then
			return ok, data
		end
		parts[#parts + 1] = data
	until not more
	return true, parts
end

local function dispatch_order(self)
	while self.__sock do
		local reader, co = next_pending(self)
		if not co then
			-- stop signal, or the socket closed while idle
			fail_all(self, "channel_closed")
			break
		end
		local sock = self.__sock
		if not sock then
			finish(self, co, SOCKET_ERROR, nil)
			fail_all(self)
			break
		end
		-- lesson 23.4: the reader at the head reads the oldest answer; deliver wakes the coroutine that asked
		local ok, result_ok, data = pcall(read_ordered, reader, sock)
		if ok then
			deliver(self, co, result_ok, data)
			if not self.__sock then
				fail_all(self, "channel_closed")
				break
			end
		else
			-- lesson 23.9: the reader raised (the socket closed): drop it; this caller and every waiting one raise
			drop_socket(self)
			local errmsg = reader_error(result_ok)
			finish(self, co, SOCKET_ERROR, errmsg)
			fail_all(self, errmsg)
		end
	end
end

local function queue_reply(self, response, co)
	if self.__response then
		self.__thread[response] = co -- response is the session
		return
	end
	-- order mode: the reader and its waiting coroutine join two queues, in write order
	local n = #self.__request + 1
	self.__request[n] = response
	self.__thread[n] = co
	local dispatcher = self.__wait_response
	if dispatcher then
		self.__wait_response = nil
		skynet.wakeup(dispatcher)
	end
end

-- In order mode the old dispatcher waits for a reader: hand it the stop signal.
local function stop_dispatcher(self)
	if not self.__response and self.__dispatch_thread then
		queue_reply(self, true, false)
	end
end

----------------------------------------------------------------------
-- connecting
----------------------------------------------------------------------

local function watch_overload(self, fd)
	local notify = self.__overload_notify
	local function on_warning(id, kib)
		if id ~= self.__sock[1] then
			return
		end
		if kib == 0 then
			if self.__overload then
				self.__overload = false
				notify(false)
			end
		elseif not self.__overload then
			self.__overload = true
			notify(true)
		else
			skynet.error(string.format("WARNING: %d K bytes need to send out (fd = %d)", kib, id),
				self.__host, self.__port)
		end
	end
	skynet.fork(on_warning, fd, 0)
	socket.warning(fd, on_warning)
end

local connect_once

-- Try the main host then each backup; run auth on the one that connects.
local function connect_to(self, addr, backups)
	local fd, err = socket.open(addr.host, addr.port)
	if not fd then
		local nextaddr = backups.next()
		if not nextaddr then
			return false, err
		end
		return connect_to(self, nextaddr, backups)
	end
	self.__host, self.__port = addr.host, addr.port
	assert(not self.__sock and not self.__authcoroutine)
	stop_dispatcher(self)
	if self.__nodelay then
		driver.nodelay(fd)
	end
	if self.__overload_notify then
		watch_overload(self, fd)
	end
	while self.__dispatch_thread do
		skynet.yield() -- the previous connection's dispatcher is still finishing
	end
	self.__sock = setmetatable({ fd }, self.__socket_meta)
	if not self.__response then
		socket.onclose(fd, function(id)
			local sock = self.__sock
			if self.__wait_response and sock and sock[1] == id then
				skynet.error("socket closed by peer : ", self.__host, self.__port)
				drop_socket(self)
			end
		end)
	end
	local dispatch = self.__response and dispatch_session or dispatch_order
	self.__dispatch_thread = skynet.fork(function()
		if self.__sock then -- auth may already have failed and closed it
			pcall(dispatch, self)
		end
		self.__dispatch_thread = nil
	end)
	if not self.__auth then
		return true
	end
	self.__authcoroutine = coroutine.running()
	local ok, msg = pcall(self.__auth, self)
	self.__authcoroutine = false
	if ok then
		if not self.__sock then
			return connect_once(self) -- auth changed host: connect again
		end
		return true
	end
	drop_socket(self)
	if msg ~= SOCKET_ERROR then
		skynet.error("socket: auth failed", msg)
	end
	backups.add() -- auth may have changed the backup list
	local nextaddr = backups.next()
	if not nextaddr then
		return false, "no more backup host"
	end
	return connect_to(self, nextaddr, backups)
end

function connect_once(self)
	if self.__closed then
		return false
	end
	local list, seen = {}, {}
	local backups = {}
	function backups.add()
		for _, b in ipairs(self.__backup or {}) do
			local host, port
			if type(b) == "table" then
				host, port = b.host, b.port
			else
				host, port = b, self.__port
			end
			local key = host .. ":" .. port
			if not seen[key] then
				seen[key] = true
				list[#list + 1] = { host = host, port = port }
			end
		end
	end
	function backups.next()
		local addr = table.remove(list, 1)
		if addr then
			skynet.error("socket: connect to backup host", addr.host, addr.port)
		end
		return addr
	end
	backups.add()
	return connect_to(self, { host = self.__host, port = self.__port }, backups)
end

-- once: one attempt, returning the error; otherwise retry with a growing pause.
local function try_connect(self, once)
	local pause = 0
	while not self.__closed do
		local ok, err = connect_once(self)
		if ok then
			if not once then
				skynet.error("socket: connect to", self.__host, self.__port)
			end
			return
		end
		if once then
			return err
		end
		skynet.error("socket: connect", err)
		if pause > 1000 then
			skynet.error("socket: try to reconnect", self.__host, self.__port)
			skynet.sleep(pause)
			pause = 0
		else
			skynet.sleep(pause)
		end
		pause = pause + 100
	end
end

-- true: usable; false: closed (or lost during auth); nil: must connect.
local function connection_state(self)
	local sock = self.__sock
	if sock then
		local authco = self.__authcoroutine
		if socket.disconnected(sock[1]) then
			skynet.error("socket: disconnect detected ", self.__host, self.__port)
			drop_socket(self)
			if authco and authco == coroutine.running() then
				return false
			end
			return nil
		end
		if not authco or authco == coroutine.running() then
			return true
		end
	end
	if self.__closed then
		return false
	end
end

local function ensure_connected(self, once)
	-- lesson 23.10: no connection (it dropped): this request connects again, and auth runs again
	local state = connection_state(self)
	if state ~= nil then
		return state
	end
	local err
	local connecting = self.__connecting
	if #connecting > 0 then
		-- another coroutine is connecting: wait for it
		local co = coroutine.running()
		connecting[#connecting + 1] = co
		skynet.wait(co)
	else
		connecting[1] = true
		err = try_connect(self, once)
		for i = 2, #connecting do
			local co = connecting[i]
			connecting[i] = nil
			skynet.wakeup(co)
		end
		connecting[1] = nil
	end
	state = connection_state(self)
	if state == nil then
		skynet.error("Connect failed", err, self.__host, self.__port)
		error(SOCKET_ERROR)
	end
	return state
end

----------------------------------------------------------------------
-- the channel API
----------------------------------------------------------------------

function channel:connect(once)
	self.__closed = false
	return ensure_connected(self, once)
end

local function wait_reply(self, response)
	local co = coroutine.running()
	queue_reply(self, response, co)
	skynet.wait(co)
	local ok, data = self.__result[co], self.__result_data[co]
	self.__result[co], self.__result_data[co] = nil, nil
	if ok == SOCKET_ERROR then
		error(data or SOCKET_ERROR)
	end
	assert(ok, data)
	return data
end

-- A request the other side answered with a failure, raised as wait_reply
-- raises it (an assert here: its position is this file's, as skynet's). For
-- clustersender, which keeps its own connection where skynet's uses a channel.
function socketchannel._fail(data)
	assert(false, data)
end

local function broken(self)
	drop_socket(self)
	fail_all(self)
	error(SOCKET_ERROR)
end

-- request(req [, response [, padding]]): write req (and each string of padding),
-- then wait for the reply when `response` is given (a session or a reader).
function channel:request(request, response, padding)
	assert(ensure_connected(self, true))
	local fd = self.__sock[1]
	if padding then
		if not socket.lwrite(fd, request) then
			broken(self)
		end
		for _, part in ipairs(padding) do
			if not socket.lwrite(fd, part) then
				broken(self)
			end
		end
	elseif not socket.write(fd, request) then
		broken(self)
	end
	if response == nil then
		return
	end
	return wait_reply(self, response)
end

-- Wait for a reply nobody asked for (pub/sub pushes), connecting when needed.
function channel:response(response)
	assert(ensure_connected(self))
	return wait_reply(self, response)
end

function channel:close()
	if self.__closed then
		return
	end
	stop_dispatcher(self)
	self.__closed = true
	drop_socket(self)
end

-- The next connection goes to host:port; the current one is dropped.
function channel:changehost(host, port)
	self.__host = host
	if port then
		self.__port = port
	end
	if not self.__closed then
		drop_socket(self)
	end
end

function channel:changebackup(backup)
	self.__backup = backup
end

channel_mt.__gc = channel.close

-- skyglass's helper for clustersender, reached through the metatable: pairs(socketchannel) lists skynet's keys only.
setmetatable(socketchannel, { __index = {
	_fail = socketchannel._fail,
} })
socketchannel._fail = nil

return socketchannel
