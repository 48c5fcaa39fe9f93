-- https_more: httpc over TLS against a server of the program's own on tlshelper and httpd: a chunked (streamed)
-- response, a 200 KB body, request_stream read piece by piece and whole, head, a 404 with a body, a response
-- with no length ended by the close, a server that closes before answering, and a handshake the server breaks.
-- Run by tests/compat (run_both.sh to compare with skynet; check_golden.sh in ctest).
local skynet = require "skynet"
require "skynet.manager"
local socket = require "skynet.socket"

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

local function write(path, text)
	local f = assert(io.open(path, "w"))
	f:write(text)
	f:close()
end

local function show(v)
	if type(v) == "string" and #v > 60 then return "<" .. #v .. " bytes " .. v:sub(1, 8) .. ">" end
	return (tostring(v):gsub("fd = %d+", "fd = N"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

skynet.start(function()
	require("ltls.init.c").constructor()
	local tlshelper = require "http.tlshelper"
	local httpd = require "http.httpd"
	local httpc = require "http.httpc"
	local certfile, keyfile = os.tmpname(), os.tmpname()
	write(certfile, CERT)
	write(keyfile, KEY)
	local ctx = tlshelper.newctx()
	ctx:set_cert(certfile, keyfile)

	local function serve(id)
		socket.start(id)
		local tls = tlshelper.newtls("server", ctx)
		local ok, err = pcall(tlshelper.init_responsefunc(id, tls))
		if not ok then
			skynet.error("server: handshake failed", err)
			socket.close(id)
			return
		end
		local code, url, method = httpd.read_request(tlshelper.readfunc(id, tls), 100000)
		skynet.error("server got", code, method, url)
		local w = tlshelper.writefunc(id, tls)
		if url == "/chunked" then
			local parts = { "one,", "two,", "three" }
			local i = 0
			httpd.write_response(w, 200, function()
				i = i + 1
				return parts[i]
			end)
		elseif url == "/big" then
			httpd.write_response(w, 200, string.rep("0123456789", 20000))
		elseif url == "/missing" then
			httpd.write_response(w, 404, "no such page", { ["x-why"] = "gone" })
		elseif url == "/nolength" then
			w("HTTP/1.1 200 OK\r\nX-Kind: raw\r\n\r\nall of it until the close")
		elseif url == "/hangup" then
			-- nothing
		else
			httpd.write_response(w, 200, "hello " .. method)
		end
		socket.close(id)
	end

	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id) skynet.fork(serve, id) end)
	local host = "https://127.0.0.1:" .. port
	try("get", httpc.get, host, "/")
	try("head", httpc.head, host, "/")
	try("chunked", httpc.get, host, "/chunked")
	try("big", httpc.get, host, "/big")
	local header = {}
	try("404", httpc.request, "GET", host, "/missing", header)
	skynet.error("404 header", header["x-why"])
	try("no length", httpc.get, host, "/nolength")
	try("hangup", httpc.get, host, "/hangup")
	local stream = httpc.request_stream("GET", host, "/chunked")
	skynet.error("stream", stream.status, stream.header["transfer-encoding"])
	for piece in stream do skynet.error("stream piece", show(piece)) end
	-- (how the 200 KB come in pieces depends on how the socket layer reads: only the total is logged)
	local whole = httpc.request_stream("GET", host, "/big")
	local parts = {}
	for piece in whole do parts[#parts + 1] = piece end
	skynet.error("stream total", show(table.concat(parts)))
	-- a client that speaks no TLS: the server's handshake fails
	local raw = socket.open("127.0.0.1", port)
	socket.write(raw, "GET / HTTP/1.1\r\n\r\n")
	skynet.error("raw read", show(socket.read(raw)))
	socket.close(raw)
	socket.close(listener)
	os.remove(certfile)
	os.remove(keyfile)
	skynet.sleep(10)
	skynet.abort()
end)
