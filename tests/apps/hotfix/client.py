"""client.py: a live game hot-fixed under its players: one player stays connected
while an admin injects a price patch into the shop over debug_console (a patch
that fails, a file that is not there), and the player's own admin command
snax.hotfix-es the bank (its fee, a shared local, changes; a patch of a function
the bank lacks; a patch that does not compile); the bank's state survives.
The console's info of the shop (skynet.info_func) and task/uniqtask of the
front (its readers waiting for lines)."""
import os, re
from wire import connect, closed, Lines

HERE = os.path.dirname(os.path.abspath(__file__))


def console(c, line, tr):
    """A console command's output up to its <CMD OK> or <CMD Error> line."""
    c.s.sendall(line.encode() + b"\n")
    out = []
    while True:
        while b"\n" not in c.buf:
            chunk = c.s.recv(4096)
            if not chunk:
                raise EOFError("console closed")
            c.buf += chunk
        got, c.buf = c.buf.split(b"\n", 1)
        got = got.decode()
        out.append(got)
        if got.startswith("<CMD"):
            break
    import app_harness
    # the app's folder: skynet is given its absolute path, skyglass runs from the checkout (a relative one)
    rel = os.path.relpath(HERE, os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
    # Lua cuts a long chunk name to "...tail" (LUA_IDSIZE): on a deep checkout the tail still holds the folder
    mask = lambda t: re.sub(r"\.\.\.\S*?APPDIR", "APPDIR",
                            re.sub(r":[0-9a-f]{8}", ":ADDR", t.replace(HERE, "APPDIR").replace(rel, "APPDIR")))
    tr.append("console " + mask(line) + ":")
    text = app_harness.masked("".join(mask(o) + "\n" for o in out), os.environ.get("APP_SKYNET_DIR") or None, False)
    tr.extend("  " + o for o in text.splitlines())
    return out


def run(port):
    tr = []
    p = connect(port)
    player = Lines(p)

    def ask(line):
        tr.append(f"P {line} < " + player.ask(line))

    ask("price sword")
    ask("buy bow")
    ask("deposit ann 10")
    c = Lines(connect(port + 1))
    c.buf = b""
    while b"\n" not in c.buf:  # the welcome line
        c.buf += c.s.recv(4096)
    c.buf = c.buf.split(b"\n", 1)[1]
    out = console(c, "list", tr)
    shop = next(line.split()[0] for line in out if "snlua shop" in line)
    console(c, f"inject {shop} {HERE}/patch_price.lua", tr)
    ask("price sword")
    ask("price axe")
    ask("buy sword")
    console(c, f"inject {shop} {HERE}/patch_bad.lua", tr)
    console(c, f"inject {shop} {HERE}/patch_none.lua", tr)
    ask("price bow")
    console(c, f"info {shop}", tr)
    main = next(line.split()[0] for line in out if "snlua main" in line)
    console(c, f"task {main}", tr)
    console(c, f"uniqtask {main}", tr)
    ask("fix double 3")
    ask("deposit ann 10")
    ask("deposit bob 5")
    ask("audit admin")
    ask("fix mismatch 0")
    ask("fix broken 0")
    ask("deposit ann 1")
    ask("audit again")
    ask("deposit ann 0")  # answered after the audit (same source, same order): its log line is out
    ask("fix audit 0")
    ask("audit third")
    ask("audit fourth")
    ask("deposit bob 0")
    ask("close maintenance")
    ask("deposit ann 5")
    p.sendall(b"shutdown\n")
    tr.append(f"P after shutdown: {closed(p)}")
    return tr
