"""skyrun: start the skyglass program on a config and read its log, with timeouts.

The web tests use it to learn the port a service chose (it logs
"listening http 41234") and to stop the program when the test is done.
"""
import os, queue, re, subprocess, threading, time

_passed = 0


def check(name, got, want):
    """One named assertion: raises with what came and what was wanted."""
    global _passed
    if got != want:
        raise AssertionError(f"{name}: got {got!r}, want {want!r}")
    _passed += 1
    print("ok  ", name)


def checks_passed():
    return _passed


def read_until_close(s):
    """What a socket receives until the server closes or resets it."""
    got = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return got
        if not chunk:
            return got
        got += chunk


class Skyglass:
    def __init__(self, binary, config, **env):
        full = dict(os.environ, CERT_DIR="", WS_PORT="")
        full.update({k: str(v) for k, v in env.items()})
        self.proc = subprocess.Popen([binary, config], env=full, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        self.log = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern, timeout=10):
        """The first match of `pattern` in a log line not seen yet; fails after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no log line matching {pattern!r} within {timeout}s; log:\n" + "\n".join(self.log))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"skyglass exited before {pattern!r}; log:\n" + "\n".join(self.log))
            self.log.append(line)
            m = re.search(pattern, line)
            if m:
                return m

    def port(self, kind="http"):
        return int(self.wait_for(rf"listening {kind} (\d+)").group(1))

    def finish(self, timeout=10):
        """Wait for the program to end by itself; returns its exit status."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("skyglass did not exit; log:\n" + "\n".join(self.log))
        while True:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                break
            if line is None:
                break
            self.log.append(line)
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def sanitized(binary):
    """True for an ASan or TSan build: their allocators keep freed memory
    (quarantine, shadow), so a bound on how much the process grows holds only
    for the plain build, which CI runs first."""
    with open(binary, "rb") as f:
        data = f.read()
    return b"libasan.so" in data or b"libtsan.so" in data


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle_fds(pid, want, timeout=20):
    """The fd count once it is back to `want`, or what it is at the deadline."""
    deadline = time.monotonic() + timeout
    n = fd_count(pid)
    while n > want and time.monotonic() < deadline:
        time.sleep(0.05)
        n = fd_count(pid)
    return n


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
