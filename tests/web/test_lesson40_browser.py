#!/usr/bin/env python3
"""test_lesson40_browser: lesson 40's page in a real browser (headless Chromium through
chromedriver's WebDriver protocol, spoken with urllib). The page must show three
websocket echoes and three HTTP poll answers, and report them to the server.

Usage: test_lesson40_browser.py <skyglass binary> [screenshot.png]   (run from the source root)
"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,600"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())["value"]

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.call("GET", "/status", timeout=2).get("ready"):
                    return
            except OSError:
                pass
            time.sleep(0.1)  # polling an outside program that has no event to await
        raise AssertionError("chromedriver did not become ready")

    def start(self, profile):
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": CHROME_FLAGS + [f"--user-data-dir={profile}"]}}}}
        self.session = self.call("POST", "/session", caps, timeout=60)["sessionId"]

    def s(self, path):
        return f"/session/{self.session}{path}"

    def run(self, script):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": []})


def main():
    binary = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    sky = Skyglass(binary, "lessons/40-websocket/config_browser.lua")
    profile = tempfile.mkdtemp(prefix="skyglass-chromium-")
    driver_port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wd = WebDriver(driver_port)
    try:
        port = int(sky.wait_for(r"open http://127\.0\.0\.1:(\d+)/").group(1))
        wd.wait_ready()
        wd.start(profile)
        wd.call("POST", wd.s("/url"), {"url": f"http://127.0.0.1:{port}/"})
        # The page reports to the server when it has every answer: an event to await.
        report = sky.wait_for(r"page report: (\d+) websocket echoes, (\d+) http polls", timeout=30)
        assert report.groups() == ("3", "3"), report.group(0)
        print("ok   the page reported 3 websocket echoes and 3 http polls to the server")
        ws_items = wd.run("return [...document.querySelectorAll('#ws li')].map(e => e.textContent)")
        http_items = wd.run("return [...document.querySelectorAll('#http li')].map(e => e.textContent)")
        assert ws_items == ["echo: hello 1", "echo: hello 2", "echo: hello 3"], ws_items
        print("ok   the page shows the websocket echoes", ws_items)
        assert len(http_items) == 3 and all(t.startswith(f"poll {i + 1} answered") for i, t in enumerate(http_items)), http_items
        print("ok   the page shows the http poll answers", http_items)
        status = wd.run("return document.getElementById('status').textContent")
        assert status == "done: 3 websocket echoes, 3 http polls", status
        print("ok   status line:", status)
        if shot:
            png = base64.b64decode(wd.call("GET", wd.s("/screenshot")))
            with open(shot, "wb") as f:
                f.write(png)
            print("screenshot:", shot)
        wd.call("DELETE", wd.s(""))
        wd.session = None
        urllib.request.urlopen(f"http://127.0.0.1:{port}/quit", timeout=5).read()
        assert sky.finish() == 0, "skyglass exit status"
        print("ok   the lesson's runtime ends on /quit")
        print("4 passed, 0 failed")
    finally:
        if wd.session:
            try:
                wd.call("DELETE", wd.s(""), timeout=10)
            except OSError:
                pass
        driver.terminate()
        try:
            driver.wait(timeout=10)
        except subprocess.TimeoutExpired:
            driver.kill()
        sky.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
