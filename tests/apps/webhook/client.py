"""client.py: the webhook app's client, and the outside API it calls (a Python
HTTP server on 127.0.0.1): a plain GET with a header back, a chunked answer,
a 500, a redirect (not followed), a form POST, a timeout, a refused port."""
import http.server, socket, threading, time
from wire import connect, closed, Lines

_st = {}


class Api(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body, extra=()):
        try:
            self.send_response(code)
            for k, v in extra:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # /slow's caller has given up and closed
            pass

    def do_GET(self):
        if self.path == "/hello":
            self.reply(200, b"hello " + self.headers.get("x-app", "?").encode(), [("X-Api", "v1")])
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in [b"one\n", b"two\n", b"three"]:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/fail":
            self.reply(500, b"boom")
        elif self.path == "/moved":
            self.reply(302, b"", [("Location", "/hello")])
        elif self.path == "/slow":
            time.sleep(0.6)  # past the caller's httpc.timeout (0.3 s): not a wait
            self.reply(200, b"late")
        else:
            self.reply(404, b"nothing")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        self.reply(200, b"got " + b"&".join(sorted(body.split(b"&"))) + b" as " +
                   self.headers.get("Content-Type", "?").encode())


def prepare():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    _st["srv"] = srv
    return f'api_addr = "127.0.0.1:{srv.server_address[1]}"\n'


def cleanup():
    srv = _st.pop("srv", None)
    if srv:
        srv.shutdown()
        srv.server_close()


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    for line in ["get /hello", "get /chunked", "get /fail", "get /moved", "post a b", "slow", f"refused {dead}"]:
        got = lines.ask(line)
        tr.append(got.replace(str(dead), "PORT"))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
