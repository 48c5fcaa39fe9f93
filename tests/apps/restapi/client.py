"""client.py: the REST API's client (http.client, keep-alive): create, read,
update, delete players, a bad score, a missing player, a wrong method, a query
filter, a body written by a function (chunked), raw requests (a chunked body with
a trailer, a repeated header, an unknown transfer encoding, a body over the
limit), and /summary, which the node answers by calling its own API with httpc."""
import http.client, socket


def raw_exchange(port, data):
    """Sends raw bytes; returns everything until the server closes (or 2 s pass)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    s.sendall(data)
    got = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        got += b"<no close>"
    s.close()
    return got.decode("latin-1").replace("\r\n", "|")


def raw_part(port, tr):
    """Requests http.client does not write: a chunked body with a trailer, a
    repeated header, an encoding httpd does not know, a body over the limit."""
    tr.append("chunked post: " + raw_exchange(port, b"POST /players HTTP/1.1\r\nHost: x\r\n"
              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
              b"5\r\nname=\r\n9\r\nzed&score\r\n3\r\n=77\r\n0\r\nx-trailer: yes\r\n\r\n"))
    tr.append("repeated header: " + raw_exchange(port, b"GET /whoami HTTP/1.1\r\nHost: x\r\nx-tag: a\r\n"
              b"X-Tag: b\r\nConnection: close\r\n\r\n"))
    tr.append("gzip body: " + raw_exchange(port, b"POST /players HTTP/1.1\r\nHost: x\r\n"
              b"Transfer-Encoding: gzip\r\n\r\nabc"))
    tr.append("too long: " + raw_exchange(port, b"POST /players HTTP/1.1\r\nHost: x\r\n"
              b"Content-Length: 2000\r\n\r\n" + b"n" * 2000))


def run(port):
    tr = []
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=3)

    def req(method, url, body=None, headers=None):
        h = dict(headers or {})
        if body is not None:
            h["content-type"] = "application/x-www-form-urlencoded"
        c.request(method, url, body=body, headers=h)
        r = c.getresponse()
        text = r.read().decode()
        tr.append(f"{method} {url} {body or ''} -> {r.status} {r.getheader('content-type')} {text}")

    req("GET", "/players")
    req("POST", "/players", "name=ann&score=30")
    req("POST", "/players", "name=bob&score=50")
    req("POST", "/players", "name=cat&score=x1")
    req("POST", "/players", "score=3")
    req("POST", "/players", "name=ann&score=35")
    req("GET", "/players/ann")
    req("GET", "/players/dan")
    req("PUT", "/players/bob?score=55")
    req("PUT", "/players/bob?score=5.5")
    req("PATCH", "/players/bob")
    req("GET", "/players?min=40")
    req("GET", "/summary?min=10&top=bob")
    req("GET", "/whoami", headers={"x-from": "python"})
    req("DELETE", "/players/ann")
    req("DELETE", "/players/ann")
    req("GET", "/summary?top=ann")
    req("GET", "/nowhere")
    req("GET", "/export")
    raw_part(port, tr)
    c2 = http.client.HTTPConnection("127.0.0.1", port, timeout=3)  # the other agent
    c2.request("GET", "/players")
    tr.append("second connection: " + c2.getresponse().read().decode())
    try:
        c2.request("GET", "/shutdown")
        c2.getresponse()
        tr.append("shutdown answered")
    except (http.client.HTTPException, OSError) as e:
        tr.append("after shutdown: closed")
    return tr
