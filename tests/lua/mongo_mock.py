#!/usr/bin/python3
"""mongo_mock: a small MongoDB stand-in for test_mongo.lua, speaking OP_MSG with pymongo's bson.

Debian has no MongoDB, so this answers the commands skynet.db.mongo sends the way mongod
does for the cases the test covers: hello/ismaster, SCRAM-SHA-1 login, insert, find with
a cursor and getMore, update ($set/$inc/replacement, upsert, multi), delete, count,
findAndModify, drop, killCursors, and an unknown command. Matching is top-level equality
(plus $gt/$lt). Two commands make it misbehave on purpose ("junkOpcode", "junkSections").

usage: mongo_mock.py DIR -- listens on a free 127.0.0.1 port, writes it to DIR/port,
serves until killed or for 60 s at most.
"""
import base64
import hashlib
import hmac
import os
import socketserver
import struct
import sys
import threading

import bson
from bson.int64 import Int64

OP_MSG, OP_REPLY = 2013, 1
MORE_TO_COME = 2
USER, PASSWORD = "sky", "pw"

lock = threading.Lock()
collections = {}  # "db.coll" -> [doc]
cursors = {}  # id -> (ns, remaining docs)
next_cursor = [1000]


def matches(doc, query):
    for k, want in query.items():
        have = doc.get(k)
        if isinstance(want, dict) and want and all(op.startswith("$") for op in want):
            for op, v in want.items():
                if op == "$gt" and not (have is not None and have > v):
                    return False
                if op == "$lt" and not (have is not None and have < v):
                    return False
        elif have != want:
            return False
    return True


def apply_update(doc, u):
    if any(k.startswith("$") for k in u):
        for k, v in u.get("$set", {}).items():
            doc[k] = v
        for k, v in u.get("$inc", {}).items():
            doc[k] = doc.get(k, 0) + v
    else:
        keep = doc.get("_id")
        doc.clear()
        doc.update(u)
        if keep is not None:
            doc.setdefault("_id", keep)


def batch_of(ns, docs, size, first):
    """A cursor document: the first `size` docs, the rest kept under a new cursor id."""
    size = size or 101
    now, rest = docs[:size], docs[size:]
    cid = 0
    if rest:
        next_cursor[0] += 1
        cid = next_cursor[0]
        cursors[cid] = (ns, rest)
    return {"id": Int64(cid), "ns": ns, ("firstBatch" if first else "nextBatch"): now}


scram = {}  # conversation state


def sasl_start(cmd):
    first = base64.b64decode(cmd["payload"]).decode()
    bare = first[3:]  # after "n,,"
    attrs = dict(kv.split("=", 1) for kv in bare.split(","))
    salt = b"mocksalt"
    server_first = "r=%sMOCKNONCE,s=%s,i=64" % (attrs["r"], base64.b64encode(salt).decode())
    scram.update(bare=bare, server_first=server_first, salt=salt, user=attrs["n"])
    return {"conversationId": 1, "done": False, "payload": base64.b64encode(server_first.encode()), "ok": 1}


def sasl_continue(cmd):
    final = base64.b64decode(cmd["payload"]).decode()
    if not final:
        return {"conversationId": 1, "done": True, "payload": b"", "ok": 1}
    without_proof, proof = final.rsplit(",p=", 1)
    digest = hashlib.md5(("%s:mongo:%s" % (USER, PASSWORD)).encode()).hexdigest().encode()
    salted = hashlib.pbkdf2_hmac("sha1", digest, scram["salt"], 64)
    client_key = hmac.new(salted, b"Client Key", "sha1").digest()
    auth_message = ",".join((scram["bare"], scram["server_first"], without_proof)).encode()
    signature = hmac.new(hashlib.sha1(client_key).digest(), auth_message, "sha1").digest()
    expected = bytes(a ^ b for a, b in zip(client_key, signature))
    if scram["user"] != USER or base64.b64decode(proof) != expected:
        return {"ok": 0, "errmsg": "Authentication failed.", "code": 18, "codeName": "AuthenticationFailed"}
    server_key = hmac.new(salted, b"Server Key", "sha1").digest()
    v = base64.b64encode(hmac.new(server_key, auth_message, "sha1").digest()).decode()
    return {"conversationId": 1, "done": True, "payload": base64.b64encode(("v=" + v).encode()), "ok": 1}


def run(cmd):
    name = next(iter(cmd))
    db = cmd.get("$db", "test")
    arg = cmd[name]
    ns = "%s.%s" % (db, arg) if isinstance(arg, str) else None
    coll = collections.setdefault(ns, []) if ns else None
    if name in ("ismaster", "isMaster", "hello"):
        return {"ismaster": True, "maxWireVersion": 17, "ok": 1}
    if name == "ping":
        return {"ok": 1}
    if name == "saslStart":
        return sasl_start(cmd)
    if name == "saslContinue":
        return sasl_continue(cmd)
    if name == "insert":
        errors, n = [], 0
        for i, doc in enumerate(cmd["documents"]):
            if "_id" in doc and any(d.get("_id") == doc["_id"] for d in coll):
                errors.append({"index": i, "code": 11000, "errmsg": "E11000 duplicate key error collection: %s" % ns})
                continue
            coll.append(dict(doc))
            n += 1
        r = {"n": n, "ok": 1}
        if errors:
            r["writeErrors"] = errors
        return r
    if name == "find":
        docs = [d for d in coll if matches(d, cmd.get("filter", {}))]
        for key, order in reversed(list(cmd.get("sort", {}).items())):
            docs.sort(key=lambda d: d.get(key), reverse=order < 0)
        docs = docs[cmd.get("skip", 0):]
        if cmd.get("limit"):
            docs = docs[:cmd["limit"]]
        proj = cmd.get("projection", {})
        if proj:
            docs = [{k: v for k, v in d.items() if k in proj or k == "_id"} for d in docs]
        return {"cursor": batch_of(ns, docs, cmd.get("batchSize"), True), "ok": 1}
    if name == "getMore":
        entry = cursors.pop(int(arg), None)
        if entry is None:
            return {"ok": 0, "errmsg": "cursor id %d not found" % int(arg), "code": 43, "codeName": "CursorNotFound"}
        cns, rest = entry
        cur = batch_of(cns, rest, cmd.get("batchSize"), False)
        return {"cursor": cur, "ok": 1}
    if name == "killCursors":
        for cid in cmd["cursors"]:
            cursors.pop(int(cid), None)
        return {"ok": 1}
    if name == "update":
        n = modified = 0
        for u in cmd["updates"]:
            hit = [d for d in coll if matches(d, u["q"])]
            if not u.get("multi"):
                hit = hit[:1]
            for d in hit:
                apply_update(d, u["u"])
            n += len(hit)
            modified += len(hit)
            if not hit and u.get("upsert"):
                d = dict(u["q"])
                apply_update(d, u["u"])
                coll.append(d)
                n += 1
        return {"n": n, "nModified": modified, "ok": 1}
    if name == "delete":
        n = 0
        for spec in cmd["deletes"]:
            hit = [d for d in coll if matches(d, spec["q"])]
            if spec.get("limit") == 1:
                hit = hit[:1]
            for d in hit:
                coll.remove(d)
            n += len(hit)
        return {"n": n, "ok": 1}
    if name == "count":
        docs = [d for d in coll if matches(d, cmd.get("query", {}))][cmd.get("skip", 0):]
        if cmd.get("limit"):
            docs = docs[:cmd["limit"]]
        return {"n": len(docs), "ok": 1}
    if name == "findAndModify":
        hit = [d for d in coll if matches(d, cmd["query"])][:1]
        if not hit:
            return {"value": None, "ok": 1}
        before = dict(hit[0])
        apply_update(hit[0], cmd["update"])
        return {"value": dict(hit[0]) if cmd.get("new") else before, "ok": 1}
    if name == "drop":
        if not collections.pop(ns, None):
            return {"ok": 0, "errmsg": "ns not found", "code": 26, "codeName": "NamespaceNotFound"}
        return {"ok": 1}
    return {"ok": 0, "errmsg": "no such command: '%s'" % name, "code": 59, "codeName": "CommandNotFound"}


def message(request_id, response_to, opcode, body):
    return struct.pack("<iiii", 16 + len(body), request_id, response_to, opcode) + body


class Handler(socketserver.BaseRequestHandler):
    def read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.request.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def handle(self):
        try:
            while True:
                length, request_id, _, opcode = struct.unpack("<iiii", self.read(16))
                body = self.read(length - 16)
                flags = struct.unpack("<I", body[:4])[0]
                assert opcode == OP_MSG and body[4] == 0, "only OP_MSG with one kind-0 section"
                cmd = bson.decode(body[5:])
                name = next(iter(cmd))
                if name == "junkOpcode":  # an old OP_REPLY: the driver must refuse it
                    self.request.sendall(message(1, request_id, OP_REPLY, b"\0" * 20 + bson.encode({"ok": 1})))
                    continue
                if name == "junkSections":  # a document whose length lies about the section
                    self.request.sendall(message(1, request_id, OP_MSG, b"\0\0\0\0\0" + bson.encode({"ok": 1}) + b"xx"))
                    continue
                with lock:
                    reply = run(cmd)
                if flags & MORE_TO_COME:
                    continue
                self.request.sendall(message(1, request_id, OP_MSG, b"\0\0\0\0\0" + bson.encode(reply)))
        except EOFError:
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    out = sys.argv[1]
    server = Server(("127.0.0.1", 0), Handler)
    threading.Timer(60, lambda: os._exit(0)).start()  # never outlive a stuck test
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
