"""client.py: the REST API's client (http.client, keep-alive): create, read,
update, delete players, a bad score, a missing player, a wrong method, a query
filter, and /summary, which the node answers by calling its own API with httpc."""
import http.client


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
