-- httpc_dns: httpc resolving host names through skynet.dns (httpc.dns) against a nameserver of the program's
-- own: a name that resolves to 127.0.0.1 (the Host header the server sees), the second request served from
-- the cache, a name with no address, a name dns refuses before asking, an IP address, and https to a name.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"
local mode, arg = ...

if mode == "server" then
	local queries = 0
	local function answer(query)
		local tid = string.unpack(">H", query)
		local labels, pos = {}, 13
		while true do
			local len = query:byte(pos)
			if len == 0 then break end
			labels[#labels + 1] = query:sub(pos + 1, pos + len)
			pos = pos + len + 1
		end
		local name, qtype = table.concat(labels, "."), string.unpack(">H", query, pos + 1)
		local question = query:sub(13, pos + 4)
		local records = {}
		if name == "web.test" and qtype == 1 then
			records[1] = string.pack(">HHHI4s2", 0xc00c, 1, 1, 60, "\127\0\0\1")
		end
		return string.pack(">HHHHHH", tid, 0x8180, 1, #records, 0, 0) .. question .. table.concat(records)
	end
	skynet.start(function()
		local id
		id = socket.udp(function(data, from)
			queries = queries + 1
			socket.sendto(id, from, answer(data))
		end, "127.0.0.1", tonumber(arg))
		skynet.dispatch("lua", function() skynet.ret(skynet.pack(queries)) end)
	end)
	return
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = (tostring(r[i]):gsub("fd = %d+", "fd = N")) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	local httpd = require "http.httpd"
	local httpc = require "http.httpc"
	local sockethelper = require "http.sockethelper"
	-- the nameserver's UDP port: the number of a TCP port the kernel gave us, held while the test runs
	local hold, _, dport = socket.listen("127.0.0.1", 0)
	local server = skynet.newservice(SERVICE_NAME, "server", dport)
	local web, _, port = socket.listen("127.0.0.1", 0)
	socket.start(web, function(id)
		skynet.fork(function()
			socket.start(id)
			local code, url, method, header = httpd.read_request(sockethelper.readfunc(id), 100)
			skynet.error("web got", code, method, url, (header.host:gsub(":%d+$", ":PORT")))
			httpd.write_response(sockethelper.writefunc(id), 200, "hi " .. url)
			socket.close(id)
		end)
	end)
	httpc.dns("127.0.0.1", dport)
	try("by name", httpc.get, "web.test:" .. port, "/a")
	try("by name again", httpc.get, "http://web.test:" .. port, "/b")
	skynet.error("queries", skynet.call(server, "lua"))
	try("no address", httpc.get, "nowhere.test:" .. port, "/c")
	try("refused name", httpc.get, "bad_name!.test:" .. port, "/d")
	try("an address", httpc.get, "127.0.0.1:" .. port, "/e")
	skynet.error("queries", skynet.call(server, "lua"))
	socket.close(web)
	socket.close(hold)
	skynet.sleep(10)
	skynet.abort()
end)
