"""client.py: the websocket game's players (python3-websockets): binary frames
carrying sproto packages: logins (a name taken), moves pushed to the others,
chat to all, a text frame refused, a ping, a package in three fragments, a
70000-byte chat line, a plain HTTP request (no upgrade), a client's close with
its own code, a package that does not decode (closed 1003), a player walking
off the map (a kicked push, closed 4000)."""
import asyncio
import websockets
from wire import Sproto, TIMEOUT, show

S, I = "string", "integer"
C2S = {
    "login": (1, [(0, "name", S)], [(0, "ok", "boolean"), (1, "players", I)]),
    "move": (2, [(0, "dx", I), (1, "dy", I)], [(0, "x", I), (1, "y", I)]),
    "chat": (3, [(0, "text", S)], None),
    "where": (4, [(0, "name", S)], [(0, "found", "boolean"), (1, "x", I), (2, "y", I)]),
}
S2C = {
    "moved": (1, [(0, "name", S), (1, "x", I), (2, "y", I)], None),
    "said": (2, [(0, "from", S), (1, "text", S)], None),
    "kicked": (3, [(0, "reason", S)], None),
}


class Player:
    def __init__(self, ws, tr, name):
        self.ws, self.tr, self.name = ws, tr, name
        self.proto = Sproto(C2S, S2C)
        self.session = 0

    async def send(self, what, args, reply=True):
        if reply:
            self.session += 1
        await self.ws.send(self.proto.request(what, args, self.session if reply else 0))

    async def read(self, quiet=False):
        data = await asyncio.wait_for(self.ws.recv(), TIMEOUT)
        if isinstance(data, str):
            self.tr.append(f"{self.name} got text {data!r}")
            return
        kind, what, args = self.proto.dispatch(data)
        if not quiet:
            self.tr.append(f"{self.name} got {kind} {what} {show(args)}")
        return args

    async def closed(self):
        try:
            await self.read()
            self.tr.append(f"{self.name}: not closed")
        except websockets.ConnectionClosed as e:
            self.tr.append(f"{self.name} closed by server: {e.rcvd.code if e.rcvd else None} "
                           f"{e.rcvd.reason if e.rcvd else None!r}")


async def game(port, tr):
    url = f"ws://127.0.0.1:{port}/game"
    w = lambda aw: asyncio.wait_for(aw, TIMEOUT)
    a = Player(await w(websockets.connect(url)), tr, "ann")
    b = Player(await w(websockets.connect(url)), tr, "bob")
    await a.send("login", {"name": "ann"}); await a.read()
    await b.send("login", {"name": "ann"}); await b.read()
    await b.send("login", {"name": "bob"}); await b.read()
    await a.send("move", {"dx": 2, "dy": -3}); await a.read(); await b.read()
    await b.send("move", {"dx": -1, "dy": 0}); await b.read(); await a.read()
    await b.send("where", {"name": "ann"}); await b.read()
    await b.send("where", {"name": "zed"}); await b.read()
    await a.send("chat", {"text": "hello all"}, reply=False); await a.read(); await b.read()
    await a.ws.send("a text frame"); await a.read()
    pong = await w(a.ws.ping(b"p1"))
    await w(pong)
    tr.append("ann ping answered")
    # a package sent in three fragments (a continuation), and a chat line over 64 KiB (a 64-bit frame length)
    data = a.proto.request("where", {"name": "bob"}, 99)
    await a.ws.send([data[:1], data[1:3], data[3:]])
    await a.read()
    await b.send("chat", {"text": "x" * 70000}, reply=False)
    for p in (a, b):
        got = await asyncio.wait_for(p.ws.recv(), TIMEOUT)
        kind, what, args = p.proto.dispatch(got)
        tr.append(f"{p.name} got {kind} {what} from {args['from']} {len(args['text'])} bytes")
    # a plain HTTP request to the websocket port: the handshake is refused
    import socket
    raw = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    raw.sendall(b"GET /game HTTP/1.1\r\nHost: x\r\n\r\n")
    got = b""
    while True:
        chunk = raw.recv(4096)
        if not chunk:
            break
        got += chunk
    status = got.split(b"\r\n")[0].decode()
    tr.append(f"plain http: {status!r} ({len(got)} bytes, then closed)")
    d = Player(await w(websockets.connect(url)), tr, "dan")
    await d.send("login", {"name": "dan"}); await d.read()
    await w(d.ws.close(4001, "dan is off"))
    tr.append(f"dan closed: {d.ws.close_code}")
    c = Player(await w(websockets.connect(url)), tr, "cat")
    await c.ws.send(b"\x05\xff\xff\xff")  # not a sproto package
    await c.closed()
    await a.send("move", {"dx": 4, "dy": 0}); await a.read(); await b.read()
    await a.read()  # kicked
    await a.closed()
    for _ in range(200):  # until ann's agent has told the world she left (after the close)
        await b.send("where", {"name": "ann"})
        if not (await b.read(quiet=True))["found"]:
            break
    tr.append("bob: ann is gone")
    await b.send("chat", {"text": "alone"}, reply=False); await b.read()
    await b.send("chat", {"text": "shutdown"}, reply=False)
    try:
        await w(b.ws.recv())
        tr.append("bob: got something after shutdown")
    except (websockets.ConnectionClosed, asyncio.TimeoutError) as e:
        tr.append("bob after shutdown: closed")


def run(port):
    tr = []
    try:
        asyncio.run(game(port, tr))
    except Exception as e:  # keep what came before
        tr.append(f"client failed: {type(e).__name__}: {e}")
    return tr
