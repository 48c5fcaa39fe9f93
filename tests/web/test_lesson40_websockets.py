#!/usr/bin/env python3
"""test_lesson40_websockets: lesson 40's server driven by independent clients: Python's
websockets for the websocket side and http.client for the polls.

Usage: test_lesson40_websockets.py <skyglass binary>   (run from the source root)
"""
import asyncio, http.client, os, sys

import websockets

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass


async def talk(port):
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as ws:
        for n in range(1, 4):
            await ws.send(f"hello {n}")
            got = await asyncio.wait_for(ws.recv(), 5)
            assert got == f"echo: hello {n}", got
    print("ok   three echoes over one websocket connection")


def main():
    sky = Skyglass(sys.argv[1], "lessons/40-websocket/config_browser.lua")
    try:
        port = int(sky.wait_for(r"open http://127\.0\.0\.1:(\d+)/").group(1))
        asyncio.run(talk(port))
        for n in range(1, 4):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", f"/poll?n={n}")
            r = c.getresponse()
            body = r.read().decode()
            assert r.getheader("connection") == "close", r.getheaders()
            assert body == f"poll {n} answered ({n} so far)", body
            c.close()
        print("ok   three polls, each its own connection closed by the server")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/")
        page = c.getresponse().read().decode()
        assert "new WebSocket" in page, page[:200]
        print("ok   the page is served")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/quit")
        c.getresponse().read()
        assert sky.finish() == 0
        print("ok   /quit ends the runtime")
        print("4 passed, 0 failed")
    finally:
        sky.kill()


if __name__ == "__main__":
    main()
