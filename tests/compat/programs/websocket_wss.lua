-- websocket_wss: http.websocket over TLS: a wss server (its certificate from the certfile and keyfile
-- settings, set by the program) with its handlers, and a wss client: text, binary, a 70,000-byte message,
-- ping, a close with a code and reason from the server, a write after it; plain bytes to the wss port (the
-- server's accept raises), a wss client to a server that hangs up at once, a URL that is not ws or wss.
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
	if type(v) == "string" and #v > 40 then return "<" .. #v .. " bytes>" end
	return (tostring(v):gsub("fd = %d+", "fd = N"))
end

local function try(what, f, ...)
	local r = table.pack(pcall(f, ...))
	for i = 2, r.n do r[i] = show(r[i]) end
	skynet.error(what, table.unpack(r, 1, r.n))
end

local done = {}
local function finished(name)
	done[name] = true
	skynet.wakeup(done)
end
local function wait_for(name)
	while not done[name] do skynet.wait(done) end
	done[name] = nil
end

skynet.start(function()
	require("ltls.init.c").constructor()
	local websocket = require "http.websocket"
	local certfile, keyfile = os.tmpname(), os.tmpname()
	write(certfile, CERT)
	write(keyfile, KEY)
	skynet.setenv("certfile", certfile)
	skynet.setenv("keyfile", keyfile)

	local handle = {}
	function handle.connect(id) skynet.error("server connect") end
	function handle.handshake(id, header, url) skynet.error("server handshake", url, header.upgrade) end
	function handle.message(id, msg, op)
		skynet.error("server message", op, show(msg))
		if msg == "close me" then
			websocket.close(id, 4001, "asked")
		else
			websocket.write(id, "echo:" .. msg, op)
		end
	end
	function handle.ping(id) skynet.error("server ping") end
	function handle.pong(id) skynet.error("server pong") end
	function handle.close(id, code, reason) skynet.error("server close", code, reason) end
	function handle.error(id) skynet.error("server error") end

	local listener, _, port = socket.listen("127.0.0.1", 0)
	socket.start(listener, function(id, addr)
		skynet.fork(function()
			local ok, err = websocket.accept(id, handle, "wss", addr)
			skynet.error("accept returned", ok, show(err))
			finished("accept")
		end)
	end)

	local url = "wss://127.0.0.1:" .. port .. "/chat?room=1"
	local ws = websocket.connect(url)
	websocket.write(ws, "hello")
	try("read text", websocket.read, ws)
	websocket.write(ws, "bin", "binary")
	try("read binary", websocket.read, ws)
	websocket.write(ws, string.rep("z", 70000), "binary")
	try("read big", websocket.read, ws)
	websocket.ping(ws)
	websocket.write(ws, "after ping")
	try("read after ping", websocket.read, ws)
	websocket.write(ws, "close me")
	try("read close", websocket.read, ws)
	wait_for "accept"
	try("write after close", websocket.write, ws, "late")

	-- plain bytes to the wss port: the server's accept raises out of its fork (the client says nothing)
	local raw = socket.open("127.0.0.1", port)
	socket.write(raw, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
	skynet.sleep(20)
	socket.close(raw)
	socket.close(listener)

	-- a server that hangs up at once, a wss client
	local plain, _, pport = socket.listen("127.0.0.1", 0)
	socket.start(plain, function(id)
		socket.start(id)
		socket.close(id)
	end)
	try("wss to a closing server", websocket.connect, "wss://127.0.0.1:" .. pport .. "/x", nil, 50)
	socket.close(plain)
	try("bad scheme", websocket.connect, "http://127.0.0.1:" .. pport .. "/x")
	os.remove(certfile)
	os.remove(keyfile)
	skynet.sleep(10)
	skynet.abort()
end)
