-- dns_answers: skynet.dns against a nameserver of the program's own (a UDP service on 127.0.0.1): A and
-- AAAA answers, several addresses, a CNAME before the address, compressed names, an answer with no
-- records, the cache (a second query never reaches the server), a name in capitals, names refused before
-- any query (bad characters, a label of 64 bytes), IP addresses given as names, an IPv4 address asked as
-- IPv6, localhost from /etc/hosts, and dns.flush.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode, arg = ...

if mode == "server" then
	-- The nameserver: answers by the question's name; counts the queries it gets.
	local queries = 0
	local function name_of(packet)
		local labels, pos = {}, 13
		while true do
			local len = packet:byte(pos)
			if len == 0 then break end
			labels[#labels + 1] = packet:sub(pos + 1, pos + len)
			pos = pos + len + 1
		end
		return table.concat(labels, "."), pos + 1
	end
	local function record(ptr, rtype, ttl, rdata)
		return string.pack(">HHHI4s2", ptr, rtype, 1, ttl, rdata)
	end
	local A, AAAA, CNAME = 1, 28, 5
	local function answer(query)
		local tid = string.unpack(">H", query)
		local name, qend = name_of(query)
		local qtype = string.unpack(">H", query, qend)
		local question = query:sub(13, qend + 3)
		local records = {}
		local ptr = 0xc00c -- the question's name, at offset 12
		if name == "two.test" then
			records = { record(ptr, A, 60, "\10\0\0\1"), record(ptr, A, 30, "\10\0\0\2") }
		elseif name == "six.test" and qtype == AAAA then
			records = { record(ptr, AAAA, 60, "\32\1\13\184" .. string.rep("\0", 10) .. "\0\1") }
		elseif name == "alias.test" then
			-- a CNAME to "real.test" (written out), then the A record named by a pointer to it
			local target = "\4real\4test\0"
			records = { record(ptr, CNAME, 60, target),
				record(0xc000 + 12 + #question + 12, A, 60, "\10\0\0\3") }
		elseif name == "one.test" or name == "upper.test" then
			records = { record(ptr, A, 60, "\10\0\0\4") }
		end
		return string.pack(">HHHHHH", tid, 0x8180, 1, #records, 0, 0) .. question .. table.concat(records)
	end
	skynet.start(function()
		local id
		id = socket.udp(function(data, from)
			queries = queries + 1
			socket.sendto(id, from, answer(data))
		end, "127.0.0.1", tonumber(arg))
		skynet.dispatch("lua", function()
			skynet.ret(skynet.pack(queries))
		end)
	end)
	return
end

local dns = require "skynet.dns"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		if type(r[i]) == "table" then r[i] = "{" .. table.concat(r[i], ",") .. "}" end
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	-- The server's UDP port: the number of a TCP port the kernel gave us, held while the test runs (a UDP
	-- port of that number is free but for a coincidence).
	local hold, _, port = socket.listen("127.0.0.1", 0)
	local server = skynet.newservice(SERVICE_NAME, "server", port)
	dns.server("127.0.0.1", port)

	try("two addresses", dns.resolve, "two.test")
	try("again, from the cache", dns.resolve, "two.test")
	skynet.error("queries so far", skynet.call(server, "lua"))
	try("ipv6", dns.resolve, "six.test", true)
	try("cname", dns.resolve, "alias.test")
	try("no records", dns.resolve, "none.test")
	try("no ipv6 records", dns.resolve, "one.test", true)
	try("ipv4 after", dns.resolve, "one.test")
	try("capitals", dns.resolve, "UPPER.Test")
	try("bad characters", dns.resolve, "bad name!")
	try("long label", dns.resolve, string.rep("a", 64) .. ".test")
	try("label of 63", function()
		local ok, err = pcall(dns.resolve, string.rep("a", 63) .. ".test")
		return ok, err
	end)
	try("ipv4 address", dns.resolve, "10.1.2.3")
	try("ipv6 address", dns.resolve, "::1", true)
	try("ipv4 asked as ipv6", dns.resolve, "10.1.2.3", true)
	try("ipv6 asked as ipv4", dns.resolve, "::1")
	try("localhost", dns.resolve, "localhost")
	skynet.error("queries before flush", skynet.call(server, "lua"))
	dns.flush()
	try("after flush", dns.resolve, "two.test")
	skynet.error("queries after flush", skynet.call(server, "lua"))
	socket.close(hold)
	skynet.sleep(10)
	skynet.abort()
end)
