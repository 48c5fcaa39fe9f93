"""client.py: the names app's client: calls by a local and a global name, a name
that nobody has, localname, skynet.name, registering a name twice, queryservice,
a send to a name nobody has. (A call to a global name nobody has waits for
ever on both, harbor 0: left out.)"""
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    for line in ["call .center", "call GAMED", "call .nobody", "localname .center",
                 "localname .nobody", "localname GAMED", "rename", "twice", "query", "send .nobody",
                 "send NOBODY", "send GAMED"]:
        tr.append(lines.ask(line))
    s.sendall(b"shutdown\n")
    import app_harness, os  # the error texts name files: masked as the logs are
    tr = app_harness.masked("\n".join(tr) + "\n", os.environ.get("APP_SKYNET_DIR") or None, False).splitlines()
    tr.append(f"after shutdown: {closed(s)}")
    return tr
