"""client.py: the custom gate's clients (packets answered reversed, two in one
segment, a half packet then the rest, a handler that raises, quit) and UDP
datagrams to the echo service (one it refuses)."""
import socket, struct
from wire import connect, send_packet, recv_packet, closed, TIMEOUT


def run(port):
    tr = []
    a = connect(port)
    send_packet(a, b"hello")
    tr.append(f"A < {recv_packet(a)!r}")
    a.sendall(struct.pack(">H", 3) + b"abc" + struct.pack(">H", 3) + b"xyz")
    tr.append(f"A < {recv_packet(a)!r}")
    tr.append(f"A < {recv_packet(a)!r}")
    a.sendall(struct.pack(">H", 6) + b"spl")
    b = connect(port)
    send_packet(b, b"raise")
    send_packet(b, b"still")
    tr.append(f"B < {recv_packet(b)!r}")
    a.sendall(b"it")
    a.sendall(b"!")
    tr.append(f"A < {recv_packet(a)!r}")
    send_packet(a, b"quit")
    tr.append(f"A < {recv_packet(a)!r}")
    tr.append(f"A then: {closed(a)}")
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(TIMEOUT)
    for data in [b"one", b"two", b"bad", b"three"]:
        u.sendto(data, ("127.0.0.1", port + 1))
        if data != b"bad":
            tr.append(f"U < {u.recvfrom(4096)[0]!r}")
    b.close()
    c = connect(port)
    send_packet(c, b"shutdown")
    tr.append(f"C after shutdown: {closed(c)}")
    return tr
