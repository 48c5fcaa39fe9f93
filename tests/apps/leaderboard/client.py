"""client.py: the leaderboard's clients (a redis-server of its own): scores
added and raised (ZINCRBY, ZADD), the top with scores, ranks, a score range, a
pipelined batch of a match's results, a bad score, a removed player, a new
season by MULTI/EXEC (RENAME, EXPIRE) and the old season's final board; redis
stopped under the rank service (its calls fail) and started again (the
connection comes back by itself)."""
import os
from wire import connect, closed, Lines, RedisServer

_redis = RedisServer()


def prepare():
    return f'redis_port = "{_redis.start()}"\n'


def cleanup():
    _redis.stop()


def run(port):
    tr = []
    a, b = connect(port), connect(port)
    la, lb = Lines(a), Lines(b)
    for l, line in [(la, "top 3"), (la, "score ann 50"), (lb, "score bob 70"), (la, "score ann 30"),
                    (lb, "set cat 80"), (lb, "set cat 90"), (la, "score dan 80"), (la, "top 3"), (lb, "top 10"),
                    (la, "rank ann"), (lb, "rank eve"), (la, "between 60 90"), (lb, "count"),
                    (la, "batch ann=5 bob=-20 eve=100"), (lb, "top 10"), (la, "bad ann"), (lb, "remove cat"),
                    (lb, "remove cat"), (la, "newseason season2"), (lb, "top 3"), (lb, "score fay 1"),
                    (la, "final season1 2"), (la, "rank fay"), (lb, "nosuch")]:
        got = l.ask(line)
        if line.startswith("bad"):  # the error names the place in skynet's lualib: masked as the logs are
            import app_harness
            got = app_harness.masked(got + "\n", os.environ.get("APP_SKYNET_DIR") or None, False).strip()
        tr.append(("A " if l is la else "B ") + got)
    # redis goes away under the rank service, then comes back on its port (empty: it saves nothing)
    port = _redis.port
    _redis.stop()
    tr.append("redis stopped")
    tr.append("A " + la.ask("top 3"))
    tr.append("B " + lb.ask("score gus 4"))
    _redis.start(port)
    tr.append("redis started again")
    tr.append("A " + la.ask("score gus 5"))
    tr.append("B " + lb.ask("top 3"))
    b.sendall(b"shutdown\n")
    tr.append(f"B after shutdown: {closed(b)}")
    return tr
