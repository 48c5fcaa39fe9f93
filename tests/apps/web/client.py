"""client.py: the web app's clients: raw HTTP/1.1 on keep-alive connections (routes,
a 404, a 405, a route that raises, a pipelined pair, a bad request line, a body over
the limit) and two websocket clients (echo, binary, a relay to all, a server close)."""
import asyncio, socket
import websockets
from wire import TIMEOUT


def raw_conn(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    return s, [b""]


def read_response(s, buf):
    while b"\r\n\r\n" not in buf[0]:
        chunk = s.recv(4096)
        if not chunk:
            got, buf[0] = buf[0], b""
            return f"closed with {got!r}"
        buf[0] += chunk
    head, rest = buf[0].split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(rest) < length:
        chunk = s.recv(4096)
        if not chunk:
            break
        rest += chunk
    body, buf[0] = rest[:length], rest[length:]
    return (head + b" | " + body).decode("latin-1").replace("\r\n", " / ")


def until_close(s):
    got = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return "closed" + (f" after {got!r}" if got else "")
            got += chunk
    except ConnectionResetError:
        return "reset"


def get(path, extra=""):
    return f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode()


def http_part(port, tr):
    s, buf = raw_conn(port)
    for req in [get("/hello?name=ann"), get("/count"),
                b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
                get("/echo"), get("/nowhere"), get("/fail"), get("/count", "Connection: close\r\n")]:
        s.sendall(req)
        tr.append("keep-alive: " + read_response(s, buf))
    tr.append("keep-alive after close: " + until_close(s))
    s, buf = raw_conn(port)
    s.sendall(b"GARBAGE\r\n\r\n")
    tr.append("bad request: " + read_response(s, buf))
    tr.append("bad request then: " + until_close(s))
    s, buf = raw_conn(port)
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + b"z" * 100)
    tr.append("too large: " + read_response(s, buf))
    tr.append("too large then: " + until_close(s))
    s, buf = raw_conn(port)
    s.sendall(get("/hello?name=x") + get("/hello?name=y", "Connection: close\r\n"))
    tr.append("pipelined: " + read_response(s, buf))
    tr.append("pipelined: " + read_response(s, buf))
    tr.append("pipelined then: " + until_close(s))


async def ws_part(port, tr):
    w = lambda aw: asyncio.wait_for(aw, TIMEOUT)
    base = f"ws://127.0.0.1:{port + 1}/chat?name="
    ann = await w(websockets.connect(base + "ann"))
    bob = await w(websockets.connect(base + "bob"))
    await ann.send("hi")
    tr.append(f"ann < {await w(ann.recv())!r}")
    await ann.send(b"\x01\x02")
    tr.append(f"ann < {await w(ann.recv())!r}")
    await bob.send("all yo")
    tr.append(f"ann < {await w(ann.recv())!r}")
    tr.append(f"bob < {await w(bob.recv())!r}")
    await bob.send("bye")
    try:
        await w(bob.recv())
        tr.append("bob: no close")
    except websockets.ConnectionClosed as e:
        tr.append(f"bob closed by server: code {e.rcvd.code if e.rcvd else None} reason {e.rcvd.reason if e.rcvd else None!r}")
    await ann.send("all alone")
    tr.append(f"ann < {await w(ann.recv())!r}")
    await w(ann.close(1000, "done"))
    tr.append(f"ann closed: {ann.close_code}")


def run(port):
    tr = []
    http_part(port, tr)
    asyncio.run(ws_part(port, tr))
    s, buf = raw_conn(port)
    s.sendall(get("/shutdown"))
    until_close(s)
    tr.append("shutdown: the app ends")
    return tr
