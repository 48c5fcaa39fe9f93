-- http.sockethelper: read and write functions over a skynet socket that raise
-- `socket_error` when the connection is gone, so protocol code reads straight through.
local skynet = require "skynet"
local socket = require "skynet.socket"

local sockethelper = {}

-- skyglass: which socket a read or write function serves, so that http.httpd can
-- name the connection in the trace. Weak keys: it never keeps a function alive.
local socket_of = setmetatable({}, { __mode = "k" })

-- socket_id(f) -> the socket id behind a function made here (or by tlshelper), or nil.
function sockethelper.socket_id(f)
	return socket_of[f]
end

function sockethelper.remember_socket(f, fd)
	socket_of[f] = fd
	return f
end

-- One shared error value: `err == sockethelper.socket_error` tells a closed
-- connection from a protocol error. Calling it records what failed, which
-- tostring then reports once.
local socket_error = setmetatable({}, {
	__tostring = function(self)
		local info = self.err_info
		self.err_info = nil
		return info or "[Socket Error]"
	end,
	__call = function(self, info)
		self.err_info = "[Socket Error] : " .. tostring(info)
		return self
	end,
})
sockethelper.socket_error = socket_error

local function read_or_raise(fd, sz)
	local data = socket.read(fd, sz)
	if not data then
		error(socket_error("read failed fd = " .. fd))
	end
	return data
end

-- readfunc(fd [, pre]): read(n) -> n bytes, read() -> what has arrived. `pre` is
-- data already taken from the socket, served first.
function sockethelper.readfunc(fd, pre)
	if not pre or pre == "" then
		return sockethelper.remember_socket(function(sz) return read_or_raise(fd, sz) end, fd)
	end
	return sockethelper.remember_socket(function(sz)
		if not pre then
			return read_or_raise(fd, sz)
		end
		if sz == nil or sz == #pre then
			local r = pre
			pre = nil
			return r
		end
		if sz < #pre then
			local r = pre:sub(1, sz)
			pre = pre:sub(sz + 1)
			return r
		end
		local r = pre
		pre = nil
		return r .. read_or_raise(fd, sz - #r)
	end, fd)
end

sockethelper.readall = socket.readall

function sockethelper.writefunc(fd)
	return sockethelper.remember_socket(function(content)
		if not socket.write(fd, content) then
			error(socket_error("write failed fd = " .. fd))
		end
	end, fd)
end

-- connect(host, port [, timeout]) -> fd; raises socket_error on failure or after
-- `timeout` (1/100 s). A connection completing after the timeout is closed.
function sockethelper.connect(host, port, timeout)
	local fd, err
	local timed_out = false
	if timeout then
		local co = coroutine.running()
		local waiting = true
		skynet.fork(function()
			fd, err = socket.open(host, port)
			if not waiting then
				if fd then socket.close(fd) end
			else
				waiting = false
				skynet.wakeup(co)
			end
		end)
		skynet.sleep(timeout)
		if waiting then
			waiting = false
			timed_out = true
			fd = nil
		end
	else
		fd = socket.open(host, port) -- skynet's keeps no error here: "err = nil"
	end
	if fd then
		return fd
	end
	error(socket_error(string.format("connect failed host = %s port = %s timeout = %s err = %s is_time_out = %s",
		host, port, tostring(timeout), tostring(err), tostring(timed_out))))
end

function sockethelper.close(fd)
	socket.close(fd)
end

function sockethelper.shutdown(fd)
	socket.shutdown(fd)
end

-- skyglass's additions (for the trace), reached through the metatable: pairs(sockethelper) lists skynet's keys only.
setmetatable(sockethelper, { __index = {
	socket_id = sockethelper.socket_id,
	remember_socket = sockethelper.remember_socket,
} })
sockethelper.socket_id = nil
sockethelper.remember_socket = nil

return sockethelper
