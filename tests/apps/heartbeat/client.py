"""client.py: the idle-kicking server's clients (2-byte framed packets): one
keeps sending heartbeats every 0.2 s (well inside the 0.6 s limit) and stays;
one goes silent and is kicked (a farewell packet, then the close); one leaves
by itself."""
import time
from wire import connect, send_packet, recv_packet, closed


def run(port):
    tr = []
    a, b, c = connect(port), connect(port), connect(port)
    for name, s in (("A", a), ("B", b), ("C", c)):
        send_packet(s, f"echo hello from {name}".encode())
        tr.append(f"{name} < {recv_packet(s).decode()}")
    c.close()
    # A heartbeats until B has been kicked: B's farewell comes after about 0.6-0.7 s of silence
    b.settimeout(0.05)
    farewell = None
    deadline = time.monotonic() + 5
    while farewell is None and time.monotonic() < deadline:
        send_packet(a, b"ping")
        a_got = recv_packet(a).decode()
        try:
            farewell = recv_packet(b).decode()
        except TimeoutError:
            time.sleep(0.15)  # the heartbeat's period: the client's own pace, not a wait for the server
    tr.append(f"A kept getting: {a_got}")
    tr.append(f"B < {farewell}")
    b.settimeout(3)
    tr.append(f"B then: {closed(b)}")
    send_packet(a, b"echo still here")
    tr.append(f"A < {recv_packet(a).decode()}")
    send_packet(a, b"shutdown")
    tr.append(f"A after shutdown: {closed(a)}")
    return tr
