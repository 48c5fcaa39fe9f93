"""client.py: the webhook sender's admin: httpc calls to api.game.test, found
through the app's own nameserver (a name the nameserver does not know, an IP
address that needs no question), dns.resolve (an unknown name, an empty label,
a name in capitals), dns.flush, and the nameserver's count of questions."""
import re
from wire import connect, closed, Lines


def run(port):
    tr = []
    s = connect(port)
    lines = Lines(s)
    # no name is asked for twice between flushes: skynet's DNS cache is a weak table, so whether a second
    # request finds the answer there depends on its garbage collector (ours holds it for its TTL)
    for line in ["questions", "get api.game.test", "get nosuch.game.test", "get 127.0.0.1", "questions",
                 "resolve nosuch.game.test", "resolve bad..name", "questions", "flush", "resolve API.Game.Test",
                 "questions"]:
        # the API's port is the kernel's pick: masked
        tr.append(re.sub(r":\d+", ":PORT", lines.ask(line)))
    s.sendall(b"shutdown\n")
    tr.append(f"after shutdown: {closed(s)}")
    return tr
