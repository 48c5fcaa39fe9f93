#!/usr/bin/env python3
"""test_websocket: http.websocket against Python's websockets, as server and as client,
and the bad inputs a server must survive (bad key, bad opcode, huge or unmasked frame).

Usage: test_websocket.py <skyglass binary>   (run from the source root; needs python3-websockets)
"""
import asyncio, base64, hashlib, os, re, socket, ssl, struct, subprocess, sys, tempfile

import websockets

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass, check, checks_passed


async def skyglass_as_server(port):
    uri = f"ws://127.0.0.1:{port}/ws"
    async with websockets.connect(uri, max_size=None) as ws:
        await ws.send("hello")
        check("text echo", await ws.recv(), "hello")
        await ws.send(b"\x00\x01\xffbin")
        check("binary echo keeps its type", await ws.recv(), b"\x00\x01\xffbin")
        big = "x" * 70000
        await ws.send(big)
        check("70000-byte message (8-byte length)", await ws.recv(), big)
        await ws.send(["frag1-", "frag2-", "frag3"])  # one message in three frames
        check("fragmented message is joined", await ws.recv(), "frag1-frag2-frag3")
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 5)
        check("ping answered with a pong", True, True)
    # skyglass answers a close with an empty close frame, as skynet's server
    # does, so the peer sees no status code (1005)
    check("closed, answered by an empty close frame as skynet's", ws.close_code, 1005)


def handshake(port, key="dGhlIHNhbXBsZSBub25jZQ=="):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    return s, head


def read_all(s):
    got = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return got
        if not chunk:
            return got
        got += chunk


def masked_frame(first_byte, payload, length=None):
    n = len(payload) if length is None else length
    if n < 126:
        head = struct.pack("!BB", first_byte, 0x80 | n)
    elif n <= 0xffff:
        head = struct.pack("!BBH", first_byte, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", first_byte, 0x80 | 127, n)
    key = b"\x11\x22\x33\x44"
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def close_code_of(reply):
    """The code in the server's close frame (unmasked, short), or None."""
    if len(reply) >= 4 and reply[0] == 0x88:
        return struct.unpack("!H", reply[2:4])[0]
    return None


def bad_inputs(port, sky):
    s, head = handshake(port)
    check("good handshake key: 101 with the RFC's sample accept",
          (head.split(b"\r\n")[0], b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head),
          (b"HTTP/1.1 101 Switching Protocols", True))
    s.close()

    s, head = handshake(port, key="too-short")
    check("wrong handshake key: 400", head.split(b"\r\n")[0], b"HTTP/1.1 400 Bad Request")
    s.close()

    s, _ = handshake(port)
    s.sendall(masked_frame(0x83, b"bad"))  # fin + opcode 3 (reserved)
    check("reserved opcode: close 1002, then the connection ends", close_code_of(read_all(s)), 1002)
    sky.wait_for(r"websocket \d+ .*invalid opcode 0x3")
    s.close()

    s, _ = handshake(port)
    s.sendall(masked_frame(0x81, b"", length=1 << 20))  # claims 1 MiB, over the 256 KiB limit
    check("oversized frame length: close 1002", close_code_of(read_all(s)), 1002)
    sky.wait_for(r"payload_len is too large")
    s.close()

    s, _ = handshake(port)
    s.sendall(struct.pack("!BB", 0x81, 2) + b"hi")  # a client frame without a mask
    check("unmasked client frame: close 1002", close_code_of(read_all(s)), 1002)
    s.close()


async def echo(ws, path=None):
    path = path if path is not None else ws.path
    async for message in ws:
        if path == "/close-me":
            await ws.close(1000, "bye")
            return
        await ws.send(message)


async def wrong_accept_server(reader, writer):
    """A hostile server. At /: a wrong Sec-WebSocket-Accept. At /huge: a frame
    that claims 2^40 bytes, 1 MiB of it, then nothing. At /fragments: 5,000
    empty fragments of a message that never ends. The connection stays open
    until the client closes it: a client without limits would wait for ever."""
    request = await reader.readuntil(b"\r\n\r\n")
    path = request.split(b" ")[1]
    if path == b"/":
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    key = re.search(rb"(?i)sec-websocket-key:\s*(\S+)", request).group(1)
    accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    if path == b"/huge":
        writer.write(struct.pack(">BBQ", 0x82, 127, 1 << 40) + b"x" * (1 << 20))
    else:
        writer.write(b"\x01\x00" + b"\x00\x00" * 5000)
    try:
        await writer.drain()
        await reader.read()  # until the client closes
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    writer.close()


def make_cert(folder):
    """A self-signed certificate for this run only, made with the openssl CLI."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", os.path.join(folder, "server-key.pem"), "-out", os.path.join(folder, "server-cert.pem")],
                   check=True, capture_output=True)


async def skyglass_as_wss_server(port, certs):
    ctx = ssl.create_default_context(cafile=os.path.join(certs, "server-cert.pem"))
    ctx.check_hostname = False
    async with websockets.connect(f"wss://127.0.0.1:{port}/", ssl=ctx, max_size=None) as ws:
        await ws.send("secure hello")
        check("wss: text echo through skyglass's TLS server", await ws.recv(), "secure hello")
        big = bytes(range(256)) * 400
        await ws.send(big)
        check("wss: 100 KB binary echo", await ws.recv(), big)
    check("wss: closed, answered by an empty close frame", ws.close_code, 1005)


async def skyglass_as_client(binary, certs):
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(os.path.join(certs, "server-cert.pem"), os.path.join(certs, "server-key.pem"))
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=None) as server, \
            websockets.serve(echo, "127.0.0.1", 0, max_size=None, ssl=tls) as secure:
        bad = await asyncio.start_server(wrong_accept_server, "127.0.0.1", 0)
        echo_port = server.sockets[0].getsockname()[1]
        bad_port = bad.sockets[0].getsockname()[1]
        wss_port = secure.sockets[0].getsockname()[1]
        sky = Skyglass(binary, "tests/web/config.lua", TEST="ws_client", WS_PORT=f"{echo_port},{bad_port},{wss_port}")
        try:
            code = await asyncio.get_running_loop().run_in_executor(None, sky.finish, 30)
        finally:
            sky.kill()
            bad.close()
        print("\n".join(l for l in sky.log if "ws_client" in l))
        check("skyglass's websocket client passes against python websockets", code, 0)


def main():
    binary = sys.argv[1]
    sky = Skyglass(binary, "tests/web/config.lua", TEST="web_server")
    try:
        port = sky.port("http")
        asyncio.run(skyglass_as_server(port))
        bad_inputs(port, sky)
        asyncio.run(skyglass_as_server(port))
        check("the server still echoes after the bad inputs", True, True)
    finally:
        sky.kill()
    with tempfile.TemporaryDirectory() as certs:
        make_cert(certs)
        sky = Skyglass(binary, "tests/web/config.lua", TEST="web_server", CERT_DIR=certs)
        try:
            asyncio.run(skyglass_as_wss_server(sky.port("wss"), certs))
        finally:
            sky.kill()
        asyncio.run(skyglass_as_client(binary, certs))
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
