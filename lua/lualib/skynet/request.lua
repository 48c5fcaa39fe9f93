-- skynet.request: several calls at once, their answers taken in the order they arrive (req:select).
--
--   local reqs = skynet.request { addr1, "lua", "cmd", ... } { addr2, "lua", ... }
--   for req, resp in reqs:select(timeout) do
--       -- req: the request table; resp: table.pack of the answer, false if
--       -- the call failed; nil for a request to an invalid address
--   end
--
-- The calls' answers go to one helper coroutine that collects them and wakes
-- the selecting task; a timeout (ticks) or leaving the loop early (the for
-- loop closes the request) makes the answers still to come ignored.
local coroutine_create = coroutine.create
local coroutine_resume = coroutine.resume
local coroutine_yield = coroutine.yield

return function(skynet, internal)
local c = internal.c
local proto = internal.proto
local session_id_coroutine = internal.session_id_coroutine
local watching_session = internal.watching_session
local tracing, trace_co = internal.tracing, internal.trace_co
-- skynet's misuses fail its bare asserts at skynet.lua (`assertion failed!`)
local assert_here = internal.assert_here

local request = {}
request.__index = request

-- Add one call: { addr, typename, args... }.
function request:add(call)
	assert_here(type(call) == "table" and self._collector == nil)
	self[#self + 1] = call
	return self
end
request.__call = request.add

-- Stop waiting: answers still to come (and the timeout) are ignored.
function request:close()
	if self._pending and self._pending > 0 then
		for session in pairs(self._sessions) do
			if self._answers[session] == nil then
				session_id_coroutine[session] = "BREAK"
				watching_session[session] = nil
			end
		end
		self._pending = 0
	end
	if self._timeout then
		session_id_coroutine[self._timeout] = "BREAK"
		self._timeout = nil
	end
end
request.__close = request.close

-- The collector: resumed by the dispatcher with each answer (or failure).
local function collect(self)
	while true do
		local ok, msg, sz, session = coroutine_yield "SUSPEND"
		if session == self._timeout then
			self._timeout = nil
			self.timeout = true
		else
			watching_session[session] = nil
			local call = self._sessions[session]
			if ok then
				self._answers[session] = table.pack(proto[call[2]].unpack(msg, sz))
			else
				self._answers[session] = false
			end
		end
		skynet.wakeup(self)
	end
end

local function send_all(self)
	local invalid
	local pending = 0
	self._sessions = {}
	for i = 1, #self do
		local call = self[i]
		local p = proto[call[2]]
		if p == nil then
			internal.index_missing_proto(call[2]) -- skynet's "(local 'p')" at skynet.lua
		end
		assert_here(p.unpack)
		local session = c.send(call[1], p.id, nil, p.pack(table.unpack(call, 3, call.n or #call)))
		if session == nil then
			invalid = invalid or {}
			invalid[#invalid + 1] = call
		else
			self._sessions[session] = call
			watching_session[session] = call[1]
			session_id_coroutine[session] = self._collector
			pending = pending + 1
			if tracing then -- watched: its answer resumes with why=response
				trace_co("co.suspend", internal.co_id[self._collector], session, "call", call[1])
			end
		end
	end
	self._pending = pending
	return invalid
end

local function next_answer(self)
	if self._invalid then
		local call = table.remove(self._invalid)
		if call then
			return call
		end
		self._invalid = nil
	end
	local session, answer = next(self._answers)
	if session == nil then
		if self._pending == 0 or self.timeout then
			return
		end
		skynet.wait(self, "call")
		if self.timeout then
			return
		end
		session, answer = next(self._answers)
		if session == nil then
			return
		end
	end
	self._pending = self._pending - 1
	self._answers[session] = nil
	local call = self._sessions[session]
	self._sessions[session] = nil
	return call, answer
end

function request:select(timeout)
	assert_here(self._collector == nil)
	self._collector = coroutine_create(collect)
	internal.co_number(self._collector)
	self._answers = {}
	self._invalid = send_all(self)
	if timeout then
		self._timeout = c.intcommand("TIMEOUT", timeout)
		session_id_coroutine[self._timeout] = self._collector
	end
	coroutine_resume(self._collector, self) -- runs to its first yield
	return function() return next_answer(self) end, nil, nil, self
end

function skynet.request(call)
	local self = setmetatable({}, request)
	if call then
		return self:add(call)
	end
	return self
end
end
