"""wire: what the application clients share: 2-byte big-endian framed packets
with bounded reads, a line conversation (Lines), and a small sproto codec (structs of integer, string and
boolean fields, the 0-pack, the package header) so a client speaks to a
sprotoloader/host:attach agent as a skynet game client would."""
import os, shutil, socket, struct, subprocess, tempfile, threading, time

TIMEOUT = 3.0


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exact(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise EOFError(f"closed after {len(got)} of {n} bytes")
        got += chunk
    return got


def send_packet(s, data):
    s.sendall(struct.pack(">H", len(data)) + data)


def recv_packet(s):
    (n,) = struct.unpack(">H", recv_exact(s, 2))
    return recv_exact(s, n)


def closed(s, timeout=TIMEOUT):
    """'closed' when the peer closes (EOF or reset) within timeout, else what came."""
    s.settimeout(timeout)
    try:
        data = s.recv(65536)
    except ConnectionResetError:
        return "closed"
    except socket.timeout:
        return "still open"
    finally:
        s.settimeout(TIMEOUT)
    return "closed" if not data else f"data {data!r}"


class Lines:
    """A line-protocol conversation: ask(line) sends it and returns the next
    answer line (bytes after it stay buffered for the next ask)."""

    def __init__(self, s):
        self.s, self.buf = s, b""

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        while b"\n" not in self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        got, self.buf = self.buf.split(b"\n", 1)
        return got.decode()


class Backend:
    """A fake backend of an app's own on 127.0.0.1: each accepted connection is served by serve(conn) in a thread."""

    def __init__(self, serve):
        self.serve = serve
        self.sock = None

    def start(self, key):
        """Listens on a free port; returns the config line `key = "PORT"` the app's services read."""
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        self.sock = s

        def accept_loop():
            while True:
                try:
                    conn, _ = s.accept()
                except OSError:  # stop() closed the listener
                    return
                threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

        threading.Thread(target=accept_loop, daemon=True).start()
        return f'{key} = "{s.getsockname()[1]}"\n'

    def stop(self):
        if self.sock:
            self.sock.close()
            self.sock = None


class RedisServer:
    """A redis-server of an app's own on a free port, in a temp dir, saving nothing."""

    def start(self, port=None):
        """Starts it (on `port`, e.g. the one it had before a stop); returns the port."""
        if port is None:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
        self.port = port
        self.dir = tempfile.mkdtemp(prefix="apps.redis.")
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until it accepts connections
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        return self.port

    def stop(self):
        if getattr(self, "proc", None):
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            shutil.rmtree(self.dir, ignore_errors=True)


# --- sproto ---------------------------------------------------------------

def pack(raw):
    """sproto's 0-pack: per 8 bytes a bitmask of non-zero bytes and those bytes;
    a group of 8 non-zero bytes is written as a 0xff run of one group."""
    raw += b"\0" * (-len(raw) % 8)
    out = bytearray()
    for i in range(0, len(raw), 8):
        g = raw[i:i + 8]
        nz = bytes(b for b in g if b)
        if len(nz) == 8:
            out += b"\xff\x00" + g
        else:
            out.append(sum(1 << k for k in range(8) if g[k]))
            out += nz
    return bytes(out)


def unpack(data):
    out = bytearray()
    i = 0
    while i < len(data):
        h = data[i]
        i += 1
        if h == 0xff:
            n = (data[i] + 1) * 8
            out += data[i + 1:i + 1 + n]
            i += 1 + n
        else:
            for k in range(8):
                if h & (1 << k):
                    out.append(data[i])
                    i += 1
                else:
                    out.append(0)
    return bytes(out)


def encode(fields, value):
    """fields: [(tag, name, 'integer'|'string'|'boolean')] in tag order."""
    header, body = [], b""
    last = -1
    for tag, name, kind in fields:
        v = value.get(name)
        if v is None:
            continue
        skip = tag - last - 1
        if skip > 0:
            header.append((skip - 1) * 2 + 1)
        last = tag
        if kind == "boolean":
            header.append(4 if v else 2)
        elif kind == "integer" and 0 <= v < 0x7fff:
            header.append((v + 1) * 2)
        elif kind == "integer":
            header.append(0)
            body += struct.pack("<I", 4) + struct.pack("<i", v) if -2**31 <= v < 2**31 \
                else struct.pack("<I", 8) + struct.pack("<q", v)
        else:
            b = v.encode() if isinstance(v, str) else v
            header.append(0)
            body += struct.pack("<I", len(b)) + b
    return struct.pack("<H", len(header)) + b"".join(struct.pack("<H", h) for h in header) + body


def decode(fields, data):
    """Returns (value dict, bytes used)."""
    bytag = {tag: (name, kind) for tag, name, kind in fields}
    (n,) = struct.unpack_from("<H", data, 0)
    pos = 2 + 2 * n
    out = {}
    tag = -1
    for i in range(n):
        (w,) = struct.unpack_from("<H", data, 2 + 2 * i)
        tag += 1
        if w & 1:
            tag += w // 2
            continue
        name, kind = bytag.get(tag, (f"tag{tag}", "string"))
        if w:
            v = w // 2 - 1
            out[name] = bool(v) if kind == "boolean" else v
            continue
        (ln,) = struct.unpack_from("<I", data, pos)
        b = data[pos + 4:pos + 4 + ln]
        pos += 4 + ln
        if kind == "integer":
            out[name] = struct.unpack("<i" if ln == 4 else "<q", b)[0]
        else:
            out[name] = b.decode("utf-8", "replace")
    return out, pos


PACKAGE = [(0, "type", "integer"), (1, "session", "integer")]


class Sproto:
    """protocols: {name: (tag, request fields or None, response fields or None)}
    for what the client sends (c2s) and what it is sent (s2c)."""

    def __init__(self, c2s, s2c):
        self.c2s, self.s2c = c2s, s2c
        self.s2c_by_tag = {t: (n, rq) for n, (t, rq, _) in s2c.items()}
        self.pending = {}

    def request(self, name, args, session):
        tag, req, _ = self.c2s[name]
        head = {"type": tag}
        if session:
            head["session"] = session
            self.pending[session] = name
        body = encode(req, args) if req else b""
        return pack(encode(PACKAGE, head) + body)

    def dispatch(self, data):
        """('REQUEST', name, args) or ('RESPONSE', session, args)."""
        raw = unpack(data)
        head, used = decode(PACKAGE, raw)
        if "type" in head:
            name, req = self.s2c_by_tag[head["type"]]
            return "REQUEST", name, decode(req, raw[used:])[0] if req else {}
        name = self.pending.pop(head["session"])
        resp = self.c2s[name][2]
        return "RESPONSE", head["session"], decode(resp, raw[used:])[0] if resp else {}


def show(d):
    """A dict as a stable one-line text for transcripts."""
    return "{" + ", ".join(f"{k}={d[k]!r}" for k in sorted(d)) + "}"
