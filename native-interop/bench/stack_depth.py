#!/usr/bin/env python3
"""Worst-case native stack depth of every usmp_abi_* entry point (the functions the nanoCLR
interop glue calls), from gcc's -fcallgraph-info=su output (.ci files, one per source file).

Usage: stack_depth.py FILE.ci ...
Prints one line per entry point: the deepest path's bytes and the path itself. Frames of
functions we do not compile (mbedTLS's SHA-256 and AES, memcpy/memset) are unknown to gcc
here: they are listed by name after the figure, and must be added from the firmware build's
own .su files. A recursive call (there is none in the core) or a dynamic frame makes the
script fail, since the figure would then mean nothing.
"""
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "[^"]*\\n(\d+) bytes \((\w+)\)')
EXTERN = re.compile(r'node: \{ title: "([^"]+)" label: "[^"\\]*\\n[^"\\]*" shape : ellipse')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')


def load(paths):
    frames, calls = {}, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name, size, kind in NODE.findall(text):
            if kind not in ("static", "bounded"):
                sys.exit(f"{name}: {kind} stack frame: no worst case")
            frames[name] = int(size)
        for src, dst in EDGE.findall(text):
            calls.setdefault(src, set()).add(dst)
    return frames, calls


def deepest(fn, frames, calls, stack):
    """(bytes, path, unknown callees) of the deepest call chain from fn."""
    if fn in stack:
        sys.exit("recursion: " + " -> ".join(stack + [fn]))
    if fn not in frames:
        return 0, [], {fn}
    best, best_path, unknown = 0, [], set()
    for callee in sorted(calls.get(fn, ())):
        depth, path, unk = deepest(callee, frames, calls, stack + [fn])
        unknown |= unk
        if depth > best:
            best, best_path = depth, path
    return frames[fn] + best, [fn] + best_path, unknown


def main():
    frames, calls = load(sys.argv[1:])
    roots = sorted(n for n in frames if n.startswith("usmp_abi_"))
    if not roots:
        sys.exit("no usmp_abi_* functions in the call graph")
    worst = 0
    for root in roots:
        depth, path, unknown = deepest(root, frames, calls, [])
        worst = max(worst, depth)
        ext = sorted(u for u in unknown if u not in frames)
        shown = [p.rsplit(":", 1)[-1] for p in path[1:]]   # "file.c:static_fn" -> "static_fn"
        print(f"  {root:36s} {depth:5d} B  {' > '.join(shown) or '-'}"
              + (f"  (+ {', '.join(ext)})" if ext else ""))
    print(f"  worst case over all entry points: {worst} B (our frames only)")


if __name__ == "__main__":
    main()
