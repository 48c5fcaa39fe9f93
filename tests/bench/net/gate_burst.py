#!/usr/bin/env python3
# gate_burst: the gate/watchdog/agent pattern (lesson 03's) under a burst, idle crowds and a soak.
# Runs `skyglass tests/net/e2e_config.lua` with tests/net/lua/gate_probe.lua, whose
# control port reports the live services, and prints:
#   1. IDLE idle connections: the server's RSS per connection (VmRSS, /proc);
#   2. a burst of BURST connect+close (FIN) and BURST_RST connect+RST: how many were
#      refused as "clients already" (maxclient 4096; 0 expected, all left), the agents
#      made per second, whether the services came back to the baseline, and the RSS after;
#   3. a soak of SOAK seconds of connect, echo, close/RST: RSS every 10 s, which
#      must stay flat.
#   tests/bench/net/gate_burst.py [build]   env: BURST (10000) BURST_RST (1000) IDLE (1000) SOAK (60)
import os, re, socket, struct, subprocess, sys, time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
os.chdir(root)
BURST = int(os.environ.get("BURST", 10000))
BURST_RST = int(os.environ.get("BURST_RST", 1000))
IDLE = int(os.environ.get("IDLE", 1000))
SOAK = int(os.environ.get("SOAK", 60))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


port = free_port()
log_path = "run/bench-gate-burst.log"
os.makedirs("run", exist_ok=True)
log = open(log_path, "wb")
env = dict(os.environ, TEST="gate_probe", PORT=str(port))
proc = subprocess.Popen([os.path.join(build, "skyglass"), "tests/net/e2e_config.lua"],
                        stdout=log, stderr=subprocess.STDOUT, env=env)


def log_text():
    with open(log_path, "rb") as f:
        return f.read().decode(errors="replace")


deadline = time.time() + 20
while "gate_probe ready" not in log_text():
    if time.time() > deadline or proc.poll() is not None:
        sys.exit("gate_burst: the server did not start; see " + log_path)
    time.sleep(0.05)
control_port = int(re.search(r"control=(\d+)", log_text()).group(1))
control = socket.create_connection(("127.0.0.1", control_port))
cf = control.makefile("rw")


def ask(command):
    cf.write(command + "\n")
    cf.flush()
    return int(cf.readline())


def rss_kib():
    with open(f"/proc/{proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def wait_services(want, seconds):
    end = time.time() + seconds
    got = ask("services")
    while got != want and time.time() < end:
        time.sleep(0.05)
        got = ask("services")
    return got


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def echo_once():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(struct.pack(">H", 5) + b"hello")
    got = b""
    while len(got) < 7:
        chunk = s.recv(7 - len(got))
        if not chunk:
            break
        got += chunk
    return s, got == struct.pack(">H", 5) + b"hello"


failed = False
baseline = ask("services")
print(f"# gate burst: lesson 03's watchdog, {os.cpu_count()} cores, "
      f"{time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")

# 1. idle connections (first: a fresh process)
rss0 = rss_kib()
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE)]
wait_services(baseline + IDLE, 600)
rss1 = rss_kib()
per = (rss1 - rss0) / IDLE
print(f"idle: {IDLE} connections, each with its agent: {per:.1f} KiB RSS each")
for s in idle:
    s.close()
wait_services(baseline, 600)

# 2. burst
start = time.time()
for i in range(BURST):
    socket.create_connection(("127.0.0.1", port)).close()
for i in range(BURST_RST):
    reset(socket.create_connection(("127.0.0.1", port)))
sent = time.time() - start
back = wait_services(baseline, 600)
settled = time.time() - start
refused = log_text().count("clients already")
print(f"burst: {BURST} connect+close and {BURST_RST} connect+RST in {sent:.1f} s; "
      f"services back to baseline: {'yes' if back == baseline else 'NO (%d left)' % (back - baseline)} "
      f"after {settled:.1f} s ({(BURST + BURST_RST) / settled:.0f} agents/s); "
      f"refused as 'clients already': {refused}")
failed |= back != baseline or refused != 0
s, ok = echo_once()
s.close()
print(f"burst: a new client after it is echoed: {'yes' if ok else 'NO'}")
failed |= not ok
print(f"burst: RSS once all left: {rss_kib()} KiB")

# 3. soak
print(f"soak: {SOAK} s of connect, echo, close (every 4th with RST)")
start = time.time()
next_report = start
samples = []
cycles = 0
while time.time() - start < SOAK:
    s, ok = echo_once()
    failed |= not ok
    if cycles % 4 == 0:
        reset(s)
    else:
        s.close()
    cycles += 1
    if time.time() >= next_report:
        samples.append(rss_kib())
        print(f"soak: t={time.time() - start:5.1f} s cycles={cycles} rss={samples[-1]} KiB")
        next_report += 10
wait_services(baseline, 60)
end_rss = rss_kib()
growth = end_rss - samples[0] if samples else 0
print(f"soak: {cycles} cycles ({cycles / SOAK:.0f}/s); RSS {samples[0] if samples else 0} -> {end_rss} KiB "
      f"({growth:+d} KiB)")

control.close()
proc.kill()
proc.wait()
sys.exit(1 if failed else 0)
