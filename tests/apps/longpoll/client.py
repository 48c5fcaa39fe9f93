"""client.py: long-poll clients (http.client, keep-alive, each in a thread of
its own while it waits): two polls woken by one publish, a poll that times out
(204), a publish with nobody waiting, an unknown path."""
import http.client, threading


def run(port):
    tr = []

    def conn():
        return http.client.HTTPConnection("127.0.0.1", port, timeout=3)

    def get(c, path, method="GET", body=None):
        c.request(method, path, body=body)
        r = c.getresponse()
        return f"{r.status} {r.read().decode()}"

    ctl = conn()
    results = {}

    def poller(name):
        results[name] = get(conn(), "/poll")

    threads = [threading.Thread(target=poller, args=(n,)) for n in ("ann", "bob")]
    for t in threads:
        t.start()
    for _ in range(200):  # until both polls wait in the server
        if get(ctl, "/waiting") == "200 waiting 2":
            break
    tr.append("ctl: " + get(ctl, "/waiting"))
    tr.append("ctl publish: " + get(ctl, "/publish", "POST", "hello"))
    for t in threads:
        t.join(3)
    tr.append(f"ann: {results.get('ann')}")
    tr.append(f"bob: {results.get('bob')}")
    tr.append("cat (nobody publishes): " + get(conn(), "/poll"))
    tr.append("ctl publish: " + get(ctl, "/publish", "POST", "anyone?"))
    tr.append("ctl: " + get(ctl, "/nowhere"))
    try:
        get(ctl, "/shutdown")
        tr.append("shutdown answered")
    except (http.client.HTTPException, OSError):
        tr.append("after shutdown: closed")
    return tr
