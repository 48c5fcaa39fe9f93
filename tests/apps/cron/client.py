"""client.py: the scheduler's admin and watcher: one-shot jobs by skynet.sleep
(one cancelled early: its sleep returns BREAK), a repeating job by a
skynet.timeout chain, the pending sessions counted by skynet.task(), a
wakeup of every sleeping job at once; the watcher hears each in order (the
jobs' delays are 20 ticks apart or more)."""
from wire import connect, closed, Lines


def run(port):
    tr = []
    w = connect(port)
    watch = Lines(w)
    tr.append("W < " + watch.ask("watch"))
    a = Lines(connect(port))

    def ask(line):
        tr.append("A < " + a.ask(line))

    def heard(n):
        for _ in range(n):
            while b"\n" not in watch.buf:
                chunk = w.recv(4096)
                if not chunk:
                    raise EOFError("watcher closed")
                watch.buf += chunk
            got, watch.buf = watch.buf.split(b"\n", 1)
            tr.append("W < " + got.decode())

    ask("at 5 tea")
    ask("at 40 lunch")
    ask("at 200 dinner")
    ask("at 5 tea")
    ask("pending")
    heard(1)  # tea
    ask("cancel dinner")
    heard(1)  # dinner cancelled, well before lunch
    heard(1)  # lunch
    ask("cancel lunch")
    ask("every 10 bell 3")
    heard(3)
    ask("at 300 x")
    ask("at 300 y")
    ask("pending")
    ask("wakeall")
    heard(2)
    ask("pending")
    ask("bogus")
    a.s.sendall(b"shutdown\n")
    tr.append(f"A after shutdown: {closed(a.s)}")
    return tr
