#!/usr/bin/env python3
"""Reads a run's truth straight from Redis (plain RESP over a socket, no client library) for tools/chaos.sh:
whether the run record exists, counters, every item record's status, dead letters (with the cause each error
names); prints JSON. Usage: chaos_check.py PORT RUN [PREFIX]."""
import json
import socket
import sys


class Resp:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.f = self.s.makefile("rb")

    def cmd(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.f.read(n + 2)[:-2]
            return data.decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)


def pairs(flat):
    return dict(zip(flat[0::2], flat[1::2])) if flat else {}


def cause(error):
    """What a dead letter's error blames, by the wording of the messages that raise it."""
    if "gave no usable answer" in error:
        return "model garbage"
    if "endpoint" in error and "unavailable after" in error:
        return "model unavailable (hang/500)"
    if "s3://" in error or "ObjectStore" in error:
        return "object store"
    if "delivered" in error and "without finishing" in error:
        return "crashed deliveries"
    return "other"


def main():
    port, run = int(sys.argv[1]), sys.argv[2]
    p = sys.argv[3] if len(sys.argv) > 3 else "imgdiff"
    r = Resp(port)
    exists = r.cmd("EXISTS", "%s:run:%s" % (p, run)) == 1
    counters = {k: int(v) for k, v in pairs(r.cmd("HGETALL", "%s:run:%s:counters" % (p, run))).items()}
    ids = r.cmd("ZRANGE", "%s:run:%s:items" % (p, run), "0", "-1")
    statuses = {}
    for i in ids:
        st = r.cmd("HGET", "%s:run:%s:item:%s" % (p, run, i), "status") or "MISSING"
        statuses[st] = statuses.get(st, 0) + 1
    dead = []
    for entry in r.cmd("XRANGE", "%s:dead" % p, "-", "+") or []:
        f = pairs(entry[1])
        if f.get("run") == run:
            error = f.get("error") or ""
            dead.append({"item": f.get("item"), "stage": f.get("stage"), "cause": cause(error), "error": error[:200]})
    stages = {}
    for k, v in counters.items():
        if ":" in k:
            stage, what = k.split(":", 1)
            stages.setdefault(stage, {})[what] = v
    causes = {}
    for d in dead:
        causes[d["cause"]] = causes.get(d["cause"], 0) + 1
    print(json.dumps({"exists": exists, "causes": causes, "items": len(ids), "counters": counters,
                      "statuses": statuses, "dead": dead, "stages": stages}))


if __name__ == "__main__":
    main()
