# same_log.py: whether skyglass's masked log says what skynet's golden log says,
# allowing only what skynet itself leaves to timing: the interleaving of lines
# written by different services.
#
#   python3 same_log.py GOLDEN MARKED
#
# GOLDEN is skynet's masked log (run_both.sh -g). MARKED is skyglass's masked
# log with a marker line "@@ENTRY <address in letters>@@" before each entry
# (check_golden.sh writes it), so each entry still knows its service once the
# mask has hidden the addresses. An entry is a log line and the lines that
# continue it (a traceback). The logs match when they hold the same entries and
# each service's entries come in the golden's order. Two services on two worker
# threads log in an order set by the scheduler, on skynet as here; one service
# logs in the order its code runs, and that order is checked.
import collections
import difflib
import sys


def golden_entries(path):
    entries = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("[:") or not entries:
            entries.append(line)
        else:
            entries[-1] += line
    return entries


def marked_entries(path):
    entries = []  # (service, text)
    service = None
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("@@ENTRY ") and line.rstrip().endswith("@@"):
            service = line.rstrip()[8:-2]
            entries.append([service, ""])
        elif entries and not (line.startswith("[:") and entries[-1][1]):
            entries[-1][1] += line
        else:  # a line the marker missed (printed without an address)
            entries.append([service, line])
    return [(s, t) for s, t in entries if t]


def is_subsequence(part, whole):
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def main():
    golden = golden_entries(sys.argv[1])
    ours = marked_entries(sys.argv[2])
    texts = [t for _, t in ours]
    if texts == golden:
        return 0
    same_entries = collections.Counter(texts) == collections.Counter(golden)
    by_service = collections.defaultdict(list)
    for service, text in ours:
        by_service[service].append(text)
    out_of_order = [s for s, seq in by_service.items() if not is_subsequence(seq, golden)]
    if same_entries and not out_of_order:
        print("ok: the same lines; services interleave differently than in skynet's run (timing)")
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        "".join(golden).splitlines(True), "".join(texts).splitlines(True), "skynet", "skyglass"))
    if same_entries:
        print("the same lines, but a service logs them in another order than on skynet")
    return 1


if __name__ == "__main__":
    sys.exit(main())
