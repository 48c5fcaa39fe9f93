"""client.py: the inventory app's client, and the MariaDB it uses (initialised in
a temp dir and started on a free 127.0.0.1 port; killed at the end): inserts,
a select, two results at once, a syntax error, a duplicate key, a prepared
statement, four coroutines on one connection."""
import os, shutil, socket, subprocess, tempfile, time
from wire import connect, closed, Lines

_st = {}


def prepare():
    d = tempfile.mkdtemp(prefix="apps.mysql.")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = ["--user=root"] if os.getuid() == 0 else []
    tuning = ["--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M", "--innodb-flush-method=nosync"]
    subprocess.run(["mariadb-install-db", "--no-defaults", *root, f"--datadir={d}/data",
                    "--auth-root-authentication-method=normal", "--skip-test-db", *tuning],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=True)
    p = subprocess.Popen(["mariadbd", "--no-defaults", *root, f"--datadir={d}/data", f"--port={port}",
                          "--bind-address=127.0.0.1", f"--socket={d}/sock", f"--pid-file={d}/pid",
                          *tuning],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _st.update(proc=p, dir=d)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return f'mysql_port = "{port}"\n'


def cleanup():
    p = _st.pop("proc", None)
    if p:
        p.kill()
        p.wait()
    shutil.rmtree(_st.pop("dir", ""), ignore_errors=True)


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["add sword 3", "add shield 1", "list", "multi", "bad", "dup", "prepared sword",
                 "burst", "add it's 2", "list"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
