-- skynet.dns: an asynchronous DNS resolver over UDP, for services that must not block
-- a worker thread on the OS resolver (skynet's lualib/skynet/dns.lua twin).
--
-- dns.server([addr [, port]]) picks the nameserver (default: the first `nameserver` of
-- /etc/resolv.conf, port 53). dns.resolve(name [, ipv6]) -> first address, all addresses
-- (A records, or AAAA with ipv6), from /etc/hosts, then the cache (kept for the answer's
-- TTL), then the nameserver. An IP literal comes back as it is; a bad name returns
-- nil, "illegal name". dns.flush() empties the cache.
-- The wire format is RFC 1035: a 12-byte header, the question, then resource records
-- whose names may point back into the packet (compression).
local skynet = require "skynet"
local socket = require "skynet.socket"

local dns = {}

dns.DEFAULT_HOSTS = "/etc/hosts"
dns.DEFAULT_RESOLV_CONF = "/etc/resolv.conf"

local TYPE_A, TYPE_AAAA = 1, 28
local CLASS_IN = 1
local HEADER_SIZE = 12
local MAX_NAME = 1024
local MAX_LABEL = 63
local QUERY_TIMEOUT = 30 * 100 -- ticks: a query unanswered this long fails
local SERVER_IDLE = 60 * 100 -- ticks: an unused UDP socket is closed after about this

----------------------------------------------------------------------
-- names and local tables
----------------------------------------------------------------------

-- "ipv4", "ipv6" or "hostname".
local function kind_of(name)
	if name:match("^[%d%.]+$") then
		return "ipv4"
	elseif name:find(":", 1, true) then
		return "ipv6"
	end
	return "hostname"
end

local function valid_name(name)
	if #name > MAX_NAME or not name:match("^[_%l%d%-%.]+$") then
		return false
	end
	for label in name:gmatch("[^%.]+") do
		if #label > MAX_LABEL then
			return false
		end
	end
	return true
end

-- /etc/hosts -> { [lowercase host] = { ipv4 = {...}, ipv6 = {...} } }
local function read_hosts()
	local f = dns.DEFAULT_HOSTS and io.open(dns.DEFAULT_HOSTS)
	if not f then
		return nil
	end
	local hosts = {}
	for line in f:lines() do
		local ip, names = line:match("^%s*([%[%]%x%.:]+)%s+([^#;]+)")
		local family = ip and kind_of(ip)
		if family and family ~= "hostname" then
			for host in names:gmatch("%S+") do
				host = host:lower()
				local entry = hosts[host] or {}
				hosts[host] = entry
				entry[family] = entry[family] or {}
				table.insert(entry[family], ip)
			end
		end
	end
	f:close()
	return hosts
end

local function read_resolv_conf()
	local f = dns.DEFAULT_RESOLV_CONF and io.open(dns.DEFAULT_RESOLV_CONF)
	if not f then
		return nil
	end
	local server
	for line in f:lines() do
		server = line:match("^%s*nameserver%s+([^#;%s]+)")
		if server then
			break
		end
	end
	f:close()
	return server
end

local hosts -- read once, on the first lookup

----------------------------------------------------------------------
-- the cache: qtype -> name -> { answers = {...}, ttl = expiry tick }
----------------------------------------------------------------------

-- skynet's cache is a weak table: an answer stays until a garbage collection
-- takes it, which in its services is seldom before the TTL, so a second request
-- for a name is served from it. Ours holds answers for their TTL (a collection,
-- more frequent in ours, dropped them: a second httpc request asked again) and
-- keeps the table bounded: past CACHE_LIMIT names of a type, the expired ones
-- go, then all if none had.
local CACHE_LIMIT = 1024
local cache = {}
local cache_count = {}

function dns.flush()
	cache[TYPE_A], cache[TYPE_AAAA] = {}, {}
	cache_count[TYPE_A], cache_count[TYPE_AAAA] = 0, 0
end
dns.flush()

local function remember(qtype, name, entry)
	local t = cache[qtype]
	if t[name] == nil then
		if cache_count[qtype] >= CACHE_LIMIT then
			local now, left = skynet.now(), 0
			for k, e in pairs(t) do
				if e.ttl and e.ttl > now then left = left + 1 else t[k] = nil end
			end
			if left >= CACHE_LIMIT then
				t, left = {}, 0
				cache[qtype] = t
			end
			cache_count[qtype] = left
		end
		cache_count[qtype] = cache_count[qtype] + 1
	end
	t[name] = entry
end

local function cached(name, qtype, even_expired)
	local entry = cache[qtype][name]
	if entry and (even_expired or entry.ttl > skynet.now()) then
		return entry.answers
	end
end

----------------------------------------------------------------------
-- packets
----------------------------------------------------------------------

local function encode_query(tid, name, qtype)
	local parts = { string.pack(">HHHHHH", tid, 0x0100, 1, 0, 0, 0) } -- RD: recursion desired
	for label in name:gmatch("[^%.]+") do
		parts[#parts + 1] = string.pack("s1", label)
	end
	parts[#parts + 1] = string.pack(">BHH", 0, qtype, CLASS_IN)
	return table.concat(parts)
end

-- A (possibly compressed) name at pos -> name, the position after it.
local function decode_name(packet, pos)
	local labels, resume, jumps = {}, nil, 0
	while true do
		local len = string.unpack("B", packet, pos)
		if len & 0xc0 == 0xc0 then
			jumps = jumps + 1
			if jumps > 32 then
				error("name compression loop", 0)
			end
			local target = string.unpack(">H", packet, pos) & 0x3fff
			resume = resume or pos + 2
			pos = target + 1 -- offsets count from 0
		elseif len == 0 then
			pos = pos + 1
			break
		else
			local label = string.unpack("s1", packet, pos)
			labels[#labels + 1] = label
			pos = pos + 1 + len
		end
	end
	return table.concat(labels, "."), resume or pos
end

local function decode_address(atype, rdata)
	if atype == TYPE_A then
		if #rdata ~= 4 then
			error("A record of " .. #rdata .. " bytes", 0)
		end
		return string.format("%d.%d.%d.%d", rdata:byte(1, 4))
	end
	if #rdata ~= 16 then
		error("AAAA record of " .. #rdata .. " bytes", 0)
	end
	return string.format("%x:%x:%x:%x:%x:%x:%x:%x", string.unpack(">HHHHHHHH", rdata))
end

-- The body of an answer after its header -> question name, { [qtype] = { ip... } }, min ttl.
local function decode_answer(packet, qdcount, ancount)
	if qdcount ~= 1 then
		error("malformed packet", 0)
	end
	local qname, pos = decode_name(packet, HEADER_SIZE + 1)
	pos = pos + 4 -- qtype, qclass
	local found, ttl = {}, nil
	for _ = 1, ancount do
		local atype, rttl, rdata
		_, pos = decode_name(packet, pos)
		atype, _, rttl, rdata, pos = string.unpack(">HHI4s2", packet, pos)
		if atype == TYPE_A or atype == TYPE_AAAA then
			local list = found[atype] or {}
			found[atype] = list
			list[#list + 1] = decode_address(atype, rdata)
			ttl = ttl and math.min(ttl, rttl) or rttl
		end
	end
	return qname, found, ttl
end

----------------------------------------------------------------------
-- the nameserver socket and pending queries
----------------------------------------------------------------------

local server = { fd = nil, address = nil, port = nil, last_used = 0 }
local pending = {} -- tid -> { name, qtype, co, answers, err }
local next_tid = 1

local function new_tid()
	local tid = next_tid
	if pending[tid] then
		tid = nil
		for i = 1, 65535 do
			if not pending[i] then
				tid = i
				break
			end
		end
		assert(tid, "dns: 65535 queries pending")
	end
	next_tid = tid % 65535 + 1
	return tid
end

local function on_answer(packet)
	if #packet < HEADER_SIZE then
		skynet.error("Recv an invalid package when dns query")
		return
	end
	local tid, _, qdcount, ancount = string.unpack(">HHHH", packet)
	local req = pending[tid]
	local ok, qname, found, ttl = pcall(decode_answer, packet, qdcount, ancount)
	if not ok then
		-- tell the caller now rather than let it wait for the timeout
		local why = tostring(qname)
		if why:find("data string too short", 1, true) then
			why = "truncated packet"
		end
		local err = string.format("malformed DNS answer from %s:%s: %s", server.address, server.port, why)
		skynet.error(err)
		if req then
			req.err = err
			skynet.wakeup(req.co)
		end
		return
	end
	if not req then
		return -- it timed out already
	end
	if qname ~= req.name then
		-- skyglass: not cached. skynet's cached answers for any name, so one
		-- lying packet served another name from the cache for the TTL it chose.
		skynet.error("Recv an invalid name when dns query")
		skynet.wakeup(req.co)
		return
	end
	local expiry = ttl and skynet.now() + ttl * 100
	for qtype, list in pairs(found) do
		remember(qtype, qname, { answers = list, ttl = expiry })
	end
	local entry = cache[req.qtype][req.name]
	req.answers = entry and entry.answers
	skynet.wakeup(req.co)
end

local function open_server()
	if not server.address then
		server.address = read_resolv_conf()
		server.port = 53
	end
	assert(server.address, "Call dns.server first")
	local fd = socket.udp(function(packet) on_answer(packet) end)
	local ok, err = pcall(socket.udp_connect, fd, server.address, server.port)
	if not ok then
		socket.close(fd)
		error(err)
	end
	server.fd = fd
	skynet.error(string.format("Udp server open %s:%s (%d)", server.address, server.port, fd))
end

-- Open the socket when needed; close it once it has been idle for a while.
local function use_server()
	server.last_used = skynet.now()
	if server.fd then
		return
	end
	open_server()
	local function close_when_idle()
		if skynet.now() > server.last_used + SERVER_IDLE then
			local fd = server.fd
			if fd then
				server.fd = nil
				socket.close(fd)
				skynet.error(string.format("Udp server close %s:%s (%d)", server.address, server.port, fd))
			end
		else
			skynet.timeout(2 * SERVER_IDLE, close_when_idle)
		end
	end
	skynet.timeout(2 * SERVER_IDLE, close_when_idle)
end

function dns.server(address, port)
	server.address = address
	server.port = port or 53
end

local function wait_answer(tid, name, qtype)
	local req = { name = name, qtype = qtype, co = coroutine.running() }
	pending[tid] = req
	skynet.timeout(QUERY_TIMEOUT, function()
		if pending[tid] == req then
			pending[tid] = nil
			skynet.error(string.format("DNS query %s timeout", name))
			skynet.wakeup(req.co)
		end
	end)
	skynet.wait(req.co)
	if pending[tid] == req then
		pending[tid] = nil
	end
	if req.err then
		error(req.err)
	end
	local answers = req.answers or cached(name, qtype, true)
	if not answers then
		error "timeout or no answer"
	end
	return answers[1], answers
end

local function query(name, ipv6)
	local qtype = ipv6 and TYPE_AAAA or TYPE_A
	local answers = cached(name, qtype)
	if answers then
		return answers[1], answers
	end
	local tid = new_tid()
	use_server()
	socket.write(server.fd, encode_query(tid, name, qtype))
	return wait_answer(tid, name, qtype)
end

function dns.resolve(name, ipv6)
	name = name:lower()
	if kind_of(name) ~= "hostname" then
		return name
	end
	if not valid_name(name) then
		return nil, "illegal name"
	end
	hosts = hosts or read_hosts()
	local entry = hosts and hosts[name]
	local local_answers = entry and entry[ipv6 and "ipv6" or "ipv4"]
	if local_answers then
		return local_answers[1], local_answers
	end
	return query(name, ipv6)
end

return dns
