"""client.py: the account app's clients: registrations (a name taken, one the
unique index refuses), logins (a wrong password, an unknown name, a count of
logins), a lookup the database answers after the caller's deadline (its late
answer is dropped, and the next request waits behind it on the connection), a
cursor read two at a time (getMore), one closed early (killCursors), a
command the database does not know. (The deadline is 60 ticks, the slow
lookup 100: the lookup sent after the deadline waits about 40.)"""
from wire import connect, closed, Lines


def run(port):
    tr = []
    a, b = connect(port), connect(port)
    la, lb = Lines(a), Lines(b)
    for l, line in [(la, "register ann pw1"), (lb, "register bob pw2"), (lb, "register ann other"),
                    (la, "rawinsert bob"), (la, "login ann pw1"), (la, "login ann pw1"), (lb, "login bob nope"),
                    (lb, "login cat x"), (la, "register slowpoke s"), (la, "lookup slowpoke"),
                    (la, "lookup ann"), (lb, "list"), (la, "top"), (lb, "bad"), (la, "nosuch")]:
        tr.append(("A " if l is la else "B ") + l.ask(line))
    a.sendall(b"shutdown\n")
    tr.append(f"A after shutdown: {closed(a)}")
    return tr
