-- test_httpc: http.httpc (plain and TLS) and the websocket client against web_server.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpc = require "http.httpc"
local websocket = require "http.websocket"
local t = require "testlib"

local server, ports

local function host() return "127.0.0.1:" .. ports.http end

t.run("test_httpc", {
	{ "start web_server", function()
		server = skynet.newservice("web_server")
		ports = skynet.call(server, "lua", "ports")
		assert(ports.http, "no http port")
	end },
	{ "get returns status and body, and fills recvheader", function()
		local header = {}
		local code, body = httpc.get(host(), "/hello", header)
		t.eq(code, 200, "status")
		t.eq(body, "hello\n", "body")
		t.eq(header["content-type"], "text/plain", "content-type")
	end },
	{ "post sends a url-encoded form", function()
		local code, body = httpc.post(host(), "/echo", { name = "a b&c" })
		t.eq(code, 200, "status")
		t.eq(body, "method=POST path=/echo query= x-test=nil body=name=a%20b%26c", "body")
	end },
	{ "request with a header and content; a chunked response is joined", function()
		local _, body = httpc.request("PUT", host(), "/echo?k=v", nil, { ["X-Test"] = "t" }, "payload")
		t.eq(body, "method=PUT path=/echo query=k=v x-test=t body=payload", "echo")
		local code, chunked = httpc.get(host(), "/chunked")
		t.eq(code, 200, "chunked status")
		t.eq(chunked, "part1;part2;part3;", "chunked body")
		t.eq(httpc.head(host(), "/hello"), 200, "head")
		t.eq((httpc.get(host(), "/missing")), 404, "404")
	end },
	{ "url.parse_query reads keys as skynet's pattern does", function()
		local urllib = require "http.url"
		local q = urllib.parse_query("a=1&b=%41%42&c=&d&a=2&e=x+y")
		t.eq(q.a, "1", "a")
		t.eq(q.b, "AB", "decoded")
		t.eq(q.c, "", "empty value")
		t.eq(q["d&a"], "2", "a key without a value runs into the next")
		local twice = urllib.parse_query("k=1&k=2")
		t.eq(type(twice.k) == "table" and table.concat(twice.k, ","), "1,2", "a repeated key is a list")
	end },
	{ "request_stream reads a body piece by piece: chunked, and by length", function()
		local stream = httpc.request_stream("GET", host(), "/chunked")
		t.eq(stream.status, 200, "status")
		local pieces = {}
		for piece in stream do
			pieces[#pieces + 1] = piece
		end
		t.eq(table.concat(pieces, "|"), "part1;|part2;|part3;|", "one piece per chunk, then skynet's \"\" for the last chunk")
		t.eq(stream.connected, false, "closed at the end")
		stream = httpc.request_stream("GET", host(), "/hello")
		t.eq(stream.header["content-length"], "6", "header")
		-- as skynet's, the first piece is what came with the header: the whole body, or "" when it came later
		local first = stream:padding()
		t.eq(first == "" or first == "hello\n", true, "the first piece by length")
		local rest = first == "" and stream:padding() or first
		t.eq(rest, "hello\n", "the body by length")
		t.eq(stream:padding(), nil, "then the end")
	end },
	{ "https with a self-signed certificate made by the openssl CLI", function()
		local dir = os.tmpname()
		os.remove(dir)
		assert(os.execute("mkdir -p " .. dir), "mkdir")
		local made = os.execute(string.format("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
			.. "-keyout %s/key.pem -out %s/cert.pem >/dev/null 2>&1", dir, dir))
		assert(made, "openssl req failed")
		ports = skynet.call(server, "lua", "tls", dir .. "/cert.pem", dir .. "/key.pem")
		local code, body = httpc.get("https://127.0.0.1:" .. ports.https, "/hello")
		t.eq(code, 200, "https status")
		t.eq(body, "hello\n", "https body")
		local _, echoed = httpc.request("POST", "https://127.0.0.1:" .. ports.https, "/echo", nil, {}, string.rep("z", 50000))
		t.eq(#echoed, #"method=POST path=/echo query= x-test=nil body=" + 50000, "a 50 KB body over TLS")
		os.execute("rm -rf " .. dir)
	end },
	{ "the websocket client's Host header is the host without the port, as skynet's", function()
		local me = coroutine.running()
		local got
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.start(lid, function(fd)
			socket.start(fd)
			local request = socket.readline(fd, "\r\n\r\n")
			got = request and request:match("\r\nHost: ?([^\r]*)")
			socket.close(fd) -- no answer: the handshake fails, which is fine here
			skynet.wakeup(me)
		end)
		skynet.fork(pcall, websocket.connect, "ws://127.0.0.1:" .. port .. "/x")
		skynet.wait(me)
		socket.close(lid)
		t.eq(got, "127.0.0.1", "Host")
	end },
	{ "websocket client to the skyglass websocket server", function()
		local id = websocket.connect("ws://" .. host() .. "/ws")
		websocket.write(id, "ping me")
		t.eq(websocket.read(id), "ping me", "echo")
		websocket.write(id, string.rep("b", 300), "binary")
		t.eq(websocket.read(id), string.rep("b", 300), "binary echo")
		websocket.close(id)
		-- skynet's words for a closed one: assert(ws_pool[id])
		t.raises(function() websocket.write(id, "late") end, "assertion failed!", "write after close")
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid)
		t.raises(function() websocket.connect("ws://127.0.0.1:" .. port .. "/x") end,
			"timeout = nil err = nil is_time_out = false", "a refused connect: skynet's blocking connect keeps no error")
	end },
	{ "errors: refused connection, a server that never answers (timeout), a bad scheme", function()
		local lid, _, port = socket.listen("127.0.0.1", 0)
		socket.close(lid) -- nobody listens on `port` now
		t.raises(function() httpc.get("127.0.0.1:" .. port, "/") end, "connect failed", "refused")
		local silent, _, sport = socket.listen("127.0.0.1", 0)
		socket.start(silent, function(id) socket.start(id) end) -- accepts, never answers
		httpc.timeout = 20
		t.raises(function() httpc.get("127.0.0.1:" .. sport, "/") end, "Socket Error", "timeout")
		httpc.timeout = nil
		socket.close(silent)
		t.raises(function() httpc.get("gopher://127.0.0.1:1", "/") end, "Invalid protocol: gopher", "scheme")
	end },
})
