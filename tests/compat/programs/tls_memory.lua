-- tls_memory: skynet's TLS binding without a socket, as a program loads it: `ltls.c` refused before
-- OpenSSL is set up (the config's enablessl), `ltls.init.c`'s constructor, then a client and a server
-- context handshaking through strings, data both ways, set_cert with missing and mismatched files,
-- set_ciphers, an unknown method, handshake and read of garbage, calls after close; and https through
-- httpc to a server of the program's own on tlshelper.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

-- A self-signed certificate for CN=localhost (valid for a hundred years) and its key.
local CERT = [[
-----BEGIN CERTIFICATE-----
MIIDCzCCAfOgAwIBAgIUI2uTYAoeyn2/7z3XQ+IsIzomFJwwDQYJKoZIhvcNAQEL
BQAwFDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzE0MDcwOFoYDzIxMjYx
MTA5MTQwNzA4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQDcuRUfLy6C4PLIMGR3yq3b1532GVe5IVLHajnbS+1n
wsXk7p67su6lYhn6z93raaIzQOQlM6FChDbN+48WIUf4e7sIsuk0PTDlt5einztf
3tFdyT3ULYRB5HL+lobaSom8+3ayitFvr0o2nCIToZTotK/jH0t1Lc3FfE33Fr13
Vg/qXBtrdlOgvJO4Ehr0jqOMNEhpAxhXe6kMiqQN892PnTXVEyiZfDCVA+N764/W
Erj5FHFXlku/YbSBPKqBvSLoFsHcTn4tOKoZtcjXYc8ttGJbxxGpE0Ak52H53eLP
hu5DmL/2B0Gh5whxNB2sHsmfjo/FhLSNdjUwpz8zZOV/AgMBAAGjUzBRMB0GA1Ud
DgQWBBSxqYvqnwi0X8fqDNAY+W5VQfaQozAfBgNVHSMEGDAWgBSxqYvqnwi0X8fq
DNAY+W5VQfaQozAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQDL
TyDlZ1OMjx3laOBL+FX8CoeZVuxL1qlKnV0CUcALOqg+XVLzZnscUFNo1CZk6ZSl
TwzAl9WwSdlnIzHPSYx9dKzZmk0TfIpRSHL52YpsOd47uikJTHv79ZlY9Fm6C5U4
FTxgkobLp90fSCwFajQMk1VTFXWUg6r3KK5y46G3TAmKW+PnkI0zcMFYHeFnqlNX
yf1LbTWlkZiYs8Tz/nayjcC66HS1r6NUUzkC8OtkajmGolRS12S1FLMXjenMvo4B
YqJuyFCiQ3/kKCvclVeMW4Hgf9W2ci0avaNCdn2fzA+juD4odyWeTW4XG06cdKt9
Qirh6dmMMsItl0enJWrP
-----END CERTIFICATE-----
]]
local KEY = [[
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDcuRUfLy6C4PLI
MGR3yq3b1532GVe5IVLHajnbS+1nwsXk7p67su6lYhn6z93raaIzQOQlM6FChDbN
+48WIUf4e7sIsuk0PTDlt5einztf3tFdyT3ULYRB5HL+lobaSom8+3ayitFvr0o2
nCIToZTotK/jH0t1Lc3FfE33Fr13Vg/qXBtrdlOgvJO4Ehr0jqOMNEhpAxhXe6kM
iqQN892PnTXVEyiZfDCVA+N764/WErj5FHFXlku/YbSBPKqBvSLoFsHcTn4tOKoZ
tcjXYc8ttGJbxxGpE0Ak52H53eLPhu5DmL/2B0Gh5whxNB2sHsmfjo/FhLSNdjUw
pz8zZOV/AgMBAAECggEAAzRIozan7sx3M2ku1cv1pCuU80RA6sLm4b0GcMsnlVcI
tziwYzpgwbpGQeB2Pa5ysidiAhkMYUI45w3QCo4Au0Tu9sLDvrdlfoagxxwxD3fV
NqhVcAwZ6TiSY5gp0wEIz0G5rzPZ5uYp8wsAz6O/EEKQ2LPVAGZIbQwcUaPDeMUA
we+gwRZmdcXjk9x1PVWBcoPo1zDE0xLk5cgtBeCUH20aQjUYFlas6etYeAZ/vBbs
XdBAC7eQI8zD5hXDD9oCtAb4058CgOte986aiqrmLnh9h6MCTlu9h/1rwrE4Ay4a
dW3qKoLEp4adildjDXrVrrwU9yWxoj0Fw77P9Y08MQKBgQD82emzpW7Z4CiALkQj
pscCgPE/iWcY3jxlalvWUL14Q1eLetUWiI5x68iXS4xzMunS1BKOFR5APEjPSF/I
zdwqv41egKYUCzibYaY6Wd/QUpnUPKEUZiETs/XqRPk6mTvAHjChSuYrJBl2gEkJ
ValldBJ50hOS1Ei4vFX0q2I6iQKBgQDfeL6+wxTjxp6VaIl8VnV1O4vATajNTmDM
hP6+w524qCDVNrysPRE/tj0vMLP9UeICTporYZJmM3nYIabrRzS35H5lMIq6jVeJ
sXL3riVdr9EY0trFTV+p9SB2OR+OitxBl3LiVaJcpDVcurEfMMOmJ+N99+SEYqCY
t1LuaLD9xwKBgEiNaq6emJkx5c0p+WlVcKM6Rn8ZuRh8pE3hX+q2DjfU8ujV3RDz
LBRqOIuZJPrlMAzLx2s3ig+afLXlqX5f+33Uqwbj2UPFGIAVW/JAWaVYHkW1A+9r
grA5oiWPlwgGcgulXgTaDgNw/1FubAaeqtWuoaKM8gremONRP0TObIgpAoGBALKT
18GzPPdEGigE8JEWuigjnGrg5DqkHoBw6u1gfqI4YHxhkGYHKsiCBeS3A640B+qW
C2cNQqM/EWgghDXRohQtmL+eCc5H8qMK1XeNhziVrf8rSD2Qthin1PgEb+5Fkvsr
Xlf13JgxdJ8UZUQqgL4/c/CO7uLHudQv8yqnKICzAoGAOBVvvdYVFitu7E1fP0aB
WeaH57ZqWf9MVC/lCBR7C5A7E5+HqEhGtVlBBRuicnehLgiweH/iopWZ7UJUoHbU
L52x437xLmfEky6TjEXDapAESYerCmx9G27dAaorRH7xl+eU5z6YdT7I0ciZuLNo
vEBXQFZtzVosR4SqmuU97dE=
-----END PRIVATE KEY-----
]]

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do
		local v = r[i]
		if type(v) == "userdata" then v = "userdata" end
		r[i] = tostring(v):gsub("fd = %d+", "fd = N")
	end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local function write(path, text)
	local f = assert(io.open(path, "w"))
	f:write(text)
	f:close()
end

skynet.start(function()
	try("ltls.c before init", require, "ltls.c")
	local init = require "ltls.init.c"
	try("constructor", init.constructor)
	local c = require "ltls.c"
	local certfile, keyfile = os.tmpname(), os.tmpname()
	write(certfile, CERT)
	write(keyfile, KEY)

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
