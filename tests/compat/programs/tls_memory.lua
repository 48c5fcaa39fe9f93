-- tls_memory: skynet's TLS binding without a socket, as a program loads it: `ltls.c` refused before
-- OpenSSL is set up (the config's enablessl), `ltls.init.c`'s constructor, then a client and a server
-- context handshaking through strings, data both ways, set_cert with missing and mismatched files,
-- set_ciphers, an unknown method, handshake and read of garbage, calls after close; and https through
-- httpc to a server of the program's own on tlshelper.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "userdata" then v = "userdata" end
		r[i] = tostring(v):gsub("fd = %d+", "fd = N")
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	try("ltls.c before init", require, "ltls.c")
	local init = require "ltls.init.c"
	try("constructor", init.constructor)
	local c = require "ltls.c"
	local certfile, keyfile = require("tls_files").write_pair()

	local sctx = c.newctx()
	try("set_cert", sctx.set_cert, sctx, certfile, keyfile)
	local bad = c.newctx()
	try("set_cert missing cert", function() bad:set_cert("/nonexistent/cert.pem", keyfile) end)
	try("set_cert key as cert", function() bad:set_cert(keyfile, keyfile) end)
	try("set_cert cert as key", function() bad:set_cert(certfile, certfile) end)
	try("set_cert no key", function() bad:set_cert(certfile) end)
	try("set_ciphers", function() return bad:set_ciphers("SRTP_AES128_CM_SHA1_80") end)
	try("set_ciphers junk", function() return bad:set_ciphers("NOPE") end)
	try("newtls bogus", c.newtls, "bogus", sctx)
	try("newtls no ctx", c.newtls, "client")
	try("newtls no method", function() return c.newtls(nil, sctx) end)

	local cctx = c.newctx()
	local client = c.newtls("client", cctx, "localhost")
	local server = c.newtls("server", sctx)
	skynet.error("finished before", client:finished(), server:finished())
	-- the handshake as tlshelper drives it, the two sides' bytes passed by hand
	local to_server, to_client = client:handshake(), ""
	local rounds = 0
	while not (client:finished() and server:finished()) and rounds < 10 do
		rounds = rounds + 1
		if not server:finished() and #to_server > 0 then
			to_client = to_client .. (server:handshake(to_server) or "")
			to_server = ""
		end
		if not client:finished() and #to_client > 0 then
			to_server = to_server .. (client:handshake(to_client) or "")
			to_client = ""
		end
	end
	skynet.error("finished", client:finished(), server:finished(), "in few rounds", rounds <= 3)
	try("handshake after finished", client.handshake, client, "")
	local pending = to_client .. server:write()
	if #pending > 0 then client:read(pending) end
	local sealed = client:write("hello through tls")
	skynet.error("sealed differs", sealed ~= "hello through tls", #sealed > 17)
	try("server read", server.read, server, sealed)
	try("client read of 20000 bytes", function() return #client:read(server:write(string.rep("x", 20000))) end)
	try("read nothing", server.read, server, "")
	try("read nil", function() return server:read() end)
	try("read garbage", server.read, server, string.rep("\23", 40))
	local fresh = c.newtls("server", sctx)
	try("handshake garbage", fresh.handshake, fresh, "GET / HTTP/1.1\r\n\r\n")
	client:close()
	try("write after close", client.write, client, "x")
	try("finished after close", client.finished, client)
	try("close twice", client.close, client)

	-- https: httpc against a server on tlshelper
	local tlshelper = require "http.tlshelper"
	local httpd = require "http.httpd"
	local httpc = require "http.httpc"
	local sockethelper = require "http.sockethelper"
	local hctx = tlshelper.newctx()
	hctx:set_cert(certfile, keyfile)
	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id)
		skynet.fork(function()
			socket.start(id)
			local tls = tlshelper.newtls("server", hctx)
			local ok, err = pcall(tlshelper.init_responsefunc(id, tls))
			if not ok then
				skynet.error("server handshake failed", err)
				socket.close(id)
				return
			end
			local code, url, method, header, body = httpd.read_request(tlshelper.readfunc(id, tls), 1000)
			skynet.error("server got", code, method, url, header.host, body)
			httpd.write_response(tlshelper.writefunc(id, tls), 200, "secret " .. url, { ["x-tls"] = "yes" })
			socket.close(id)
		end)
	end)
	local recv = {}
	try("https get", httpc.request, "GET", "https://127.0.0.1:" .. port, "/a?b=1", recv)
	skynet.error("header", recv["x-tls"])
	try("https post", httpc.post, "https://127.0.0.1:" .. port, "/form", { k = "v" })
	httpc.timeout = 100
	try("plain http to tls", httpc.get, "127.0.0.1:" .. port, "/plain")
	skynet.sleep(20)
	socket.close(listener)
	os.remove(certfile)
	os.remove(keyfile)
	skynet.sleep(10)
	skynet.abort()
end)
