"""Comparisons make test-windows needs beyond cmp (Python's standard library only).

  compare.py csvdir A B   every file under A and B: the same names; CSV files
                          equal cell by cell, numbers to 1e-9 relative (see below),
                          anything else byte for byte
  compare.py inputs A B   two runs' inputs.json: equal but for each output's
                          size and hash (the run log in it holds timings)

Floating-point sums are the one thing allowed to differ in the last digits:
DuckDB adds doubles in the order its threads and SIMD code meet them, and its
Windows build (MSVC) and Linux build (gcc) vectorise differently, so
40134.6 may come out as 40134.600000000006. The dashboard and board pack
round these and stay byte-identical; the raw export shows them.
"""
import csv, json, math, os, sys


def close(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def csvdir(a, b):
    problems = []
    names = lambda d: sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
    na, nb = names(a), names(b)
    if na != nb:
        return ["different files: %s" % sorted(set(na) ^ set(nb))]
    for n in na:
        pa, pb = os.path.join(a, n), os.path.join(b, n)
        if not n.endswith(".csv"):
            if open(pa, "rb").read() != open(pb, "rb").read():
                problems.append(n + " differs")
            continue
        ra, rb = list(csv.reader(open(pa, newline=""))), list(csv.reader(open(pb, newline="")))
        if len(ra) != len(rb):
            problems.append("%s: %d rows against %d" % (n, len(ra), len(rb)))
            continue
        for i, (x, y) in enumerate(zip(ra, rb)):
            if len(x) != len(y) or not all(close(p, q) for p, q in zip(x, y)):
                problems.append("%s line %d: %s against %s" % (n, i + 1, x, y))
                break
    return problems


def inputs(a, b):
    ja, jb = json.load(open(a)), json.load(open(b))
    paths = lambda j: [o["path"] for o in j.pop("outputs")]
    pa, pb = paths(ja), paths(jb)
    problems = []
    if pa != pb:
        problems.append("outputs differ: %s" % sorted(set(pa) ^ set(pb)))
    if ja != jb:
        problems.append("differ: %s" % sorted(k for k in ja if ja.get(k) != jb.get(k)))
    return problems


if __name__ == "__main__":
    mode, a, b = sys.argv[1:4]
    problems = {"csvdir": csvdir, "inputs": inputs}[mode](a, b)
    for p in problems[:10]:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)
