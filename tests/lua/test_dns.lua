-- test_dns: skynet.dns against a fake nameserver (a UDP socket in this service on
-- 127.0.0.1) that answers A and AAAA records, and a malformed answer for one name.
local skynet = require "skynet"
local socket = require "skynet.socket"
local dns = require "skynet.dns"
local t = require "testlib"

local dns_port -- the fake nameserver's
local queries = {} -- name -> how many queries the fake server saw

-- What the fake server answers: name -> list of { type, rdata, ttl }.
local zone = {
	["a.test"] = { { 1, "\10\0\0\1", 60 }, { 1, "\10\0\0\2", 30 } },
	["v6.test"] = { { 28, "\32\1\13\184" .. string.rep("\0", 11) .. "\1", 60 } },
	["web.test"] = { { 1, "\127\0\0\1", 60 } },
	["victim.test"] = { { 1, "\10\9\9\9", 60 } },
	["mixed.test"] = { { 5, "\5other\4test\0", 60 }, { 1, "\192\168\1\1", 60 } }, -- a CNAME is skipped
}

local function answer(question)
	local tid = string.unpack(">H", question)
	-- the question: labels from byte 13 up to the zero byte, then qtype, qclass
	local labels, pos = {}, 13
	while question:byte(pos) ~= 0 do
		local label = string.unpack("s1", question, pos)
		labels[#labels + 1] = label
		pos = pos + 1 + #label
	end
	local name = table.concat(labels, ".")
	local qtype = string.unpack(">H", question, pos + 1)
	queries[name] = (queries[name] or 0) + 1
	local q = question:sub(13, pos + 4)
	if name == "bad.test" then
		-- says one answer follows, then stops in the middle of it
		return string.pack(">HHHHHH", tid, 0x8180, 1, 1, 0, 0) .. q .. "\192\12\0\1"
	elseif name == "twoq.test" then
		return string.pack(">HHHHHH", tid, 0x8180, 2, 0, 0, 0) .. q .. q
	elseif name == "poison.test" then
		-- answers for another name: "victim.test" is 6.6.6.6, says this server
		local other = string.pack("s1s1B>HH", "victim", "test", 0, qtype, 1)
		return string.pack(">HHHHHH", tid, 0x8180, 1, 1, 0, 0) .. other
			.. string.pack(">HHHI4s2", 0xc00c, 1, 1, 3600, "\6\6\6\6")
	end
	local records = {}
	for _, rr in ipairs(zone[name] or {}) do
		if rr[1] == qtype or rr[1] == 5 then
			-- the name is a pointer to the question's name at offset 12
			records[#records + 1] = string.pack(">HHHI4s2", 0xc00c, rr[1], 1, rr[3], rr[2])
		end
	end
	return string.pack(">HHHHHH", tid, 0x8180, 1, #records, 0, 0) .. q .. table.concat(records)
end

local function start_fake_server()
	-- a port free for TCP a moment ago; UDP on it is almost surely free too
	local l, _, port = socket.listen("127.0.0.1", 0)
	socket.close(l)
	local fd
	fd = socket.udp(function(data, from)
		socket.sendto(fd, from, answer(data))
	end, "127.0.0.1", port)
	return port
end

t.run("test_dns", {
	{ "IP literals and bad names need no server", function()
		t.eq(dns.resolve("10.1.2.3"), "10.1.2.3", "ipv4 literal")
		t.eq(dns.resolve("::1", true), "::1", "ipv6 literal")
		local ip, err = dns.resolve("bad name!")
		t.eq(ip, nil, "bad name")
		t.eq(err, "illegal name", "its error")
		t.eq(dns.resolve(string.rep("x", 64) .. ".test"), nil, "label over 63 bytes")
	end },
	{ "the hosts file answers first", function()
		local path = os.tmpname()
		local f = assert(io.open(path, "w"))
		f:write("# comment\n127.0.0.9   MyHost.test other.test  # tail\n::9 myhost.test\n")
		f:close()
		dns.DEFAULT_HOSTS = path
		t.eq(dns.resolve("myhost.test"), "127.0.0.9", "ipv4 from hosts")
		t.eq(dns.resolve("OTHER.test"), "127.0.0.9", "case-insensitive")
		t.eq(dns.resolve("myhost.test", true), "::9", "ipv6 from hosts")
		os.remove(path)
	end },
	{ "A answers from the nameserver, then from the cache", function()
		dns_port = start_fake_server()
		dns.server("127.0.0.1", dns_port)
		local ip, all = dns.resolve("a.test")
		t.eq(ip, "10.0.0.1", "first address")
		t.eq(table.concat(all, ","), "10.0.0.1,10.0.0.2", "all addresses")
		t.eq(dns.resolve("A.Test"), "10.0.0.1", "cached, any case")
		t.eq(queries["a.test"], 1, "one query for two resolves")
		dns.flush()
		t.eq(dns.resolve("a.test"), "10.0.0.1", "after flush")
		t.eq(queries["a.test"], 2, "flush makes it ask again")
	end },
	{ "AAAA answers with ipv6 = true; other records are skipped", function()
		local ip, all = dns.resolve("v6.test", true)
		t.eq(ip, "2001:db8:0:0:0:0:0:1", "AAAA as skynet formats it")
		t.eq(#all, 1, "one address")
		t.eq(dns.resolve("mixed.test"), "192.168.1.1", "CNAME skipped, A kept")
	end },
	{ "concurrent queries each get their own answer", function()
		local results, left, me = {}, 2, coroutine.running()
		for i, name in ipairs { "a.test", "mixed.test" } do
			skynet.fork(function()
				dns.flush()
				results[i] = dns.resolve(name)
				left = left - 1
				if left == 0 then
					skynet.wakeup(me)
				end
			end)
		end
		skynet.wait(me)
		t.eq(results[1], "10.0.0.1", "first")
		t.eq(results[2], "192.168.1.1", "second")
	end },
	{ "no answer raises skynet's error", function()
		t.raises(function() dns.resolve("nothing.test") end, "timeout or no answer")
	end },
	{ "httpc.dns resolves through skynet.dns", function()
		local httpc = require "http.httpc"
		local l, _, port = socket.listen("127.0.0.1", 0)
		socket.start(l, function(fd)
			skynet.fork(function()
				socket.start(fd)
				local req = socket.readline(fd, "\r\n\r\n")
				local host = req:match("\r\n[Hh]ost: ?([^\r]+)")
				local body = "hello " .. tostring(host)
				socket.write(fd, "HTTP/1.1 200 OK\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body)
				socket.close(fd)
			end)
		end)
		httpc.dns("127.0.0.1", dns_port)
		t.eq(queries["web.test"], nil, "not asked yet")
		local status, body = httpc.get("web.test:" .. port, "/")
		t.eq(status, 200, "status")
		t.eq(body, "hello web.test:" .. port, "body, with the Host header kept as the name")
		t.eq(queries["web.test"], 1, "the name went to the fake nameserver")
		t.raises(function() httpc.get("bad!name:" .. port, "/") end, "bad!name dns resolve failed msg:illegal name")
		socket.close(l)
	end },
	{ "a malformed answer is a clear error at once", function()
		local start = skynet.now()
		local err = t.raises(function() dns.resolve("bad.test") end, "malformed DNS answer from 127.0.0.1:")
		t.eq(err:find("truncated packet", 1, true) ~= nil, true, "says truncated: " .. err)
		t.raises(function() dns.resolve("twoq.test") end, "malformed packet")
		t.eq(skynet.now() - start < 500, true, "not after the 30 s timeout")
	end },
	{ "an answer for a name nobody asked about is not cached (attack round 3)", function()
		-- skynet's cached it: one lying answer then served victim.test from the
		-- cache, with no query, for the TTL the liar chose
		t.raises(function() dns.resolve("poison.test") end, "timeout or no answer")
		t.eq(dns.resolve("victim.test"), "10.9.9.9", "victim.test from its own query")
		t.eq(queries["victim.test"], 1, "victim.test was asked")
	end },
})
