"""client.py: the flood app's clients: one asks for 32 MiB and reads it only later
(the gate warns), a third client over maxclient is refused, one packet split in
bytes, one big packet, a kick, and the agents' counts."""
import struct, time
from wire import connect, send_packet, recv_packet, recv_exact, closed


def run(port):
    tr = []
    a = connect(port)
    b = connect(port)
    send_packet(b, b"sum")
    tr.append(f"B < {recv_packet(b).decode()}")
    c = connect(port)  # a third: maxclient is 2
    tr.append(f"C (over maxclient): {closed(c)}")
    send_packet(a, b"flood 32768")
    # 32 MiB at once is more than the kernel's buffers take: the rest waits in the
    # socket server and the gate warns; A reads once B hears of the warning
    tr.append(f"B < {recv_packet(b).decode()}")
    data = recv_exact(a, 32768 * 1024)
    tr.append(f"A got {len(data)} bytes, all {chr(data[0])}: {data == data[:1] * len(data)}")
    tr.append(f"A < {recv_packet(a).decode()}")
    # one packet written a byte at a time, then a packet of 60000 bytes
    pkt = struct.pack(">H", 3) + b"sum"
    for byte in pkt:
        b.sendall(bytes([byte]))
        time.sleep(0.005)  # not a wait: so that the bytes go in separate segments
    tr.append(f"B < {recv_packet(b).decode()}")
    send_packet(b, b"x" * 60000)
    send_packet(b, b"sum")
    tr.append(f"B < {recv_packet(b).decode()}")
    send_packet(b, b"kickme")
    tr.append(f"B after kickme: {closed(b)}")
    send_packet(a, b"sum")
    tr.append(f"A < {recv_packet(a).decode()}")
    send_packet(a, b"shutdown")
    tr.append(f"A after shutdown: {closed(a)}")
    return tr
