#!/usr/bin/env python3
"""make_corpus.py <vectors-dir> <corpus-root>: seeds for every fuzz target, taken at run time
from the transcript and fragmentation vectors (fuzz/run.sh passes tests/vectors/data; no seed
file is stored in the repository)."""
import json
import os
import sys


def write(root, target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    vec, root = sys.argv[1], sys.argv[2]
    counts = {}

    def seed(target, name, data):
        write(root, target, name, data)
        counts[target] = counts.get(target, 0) + 1

    by_type = {1: "fuzz_consume_hello", 2: "fuzz_consume_challenge", 3: "fuzz_consume_hello_ack",
               4: "fuzz_consume_session_ok", 0x0A: "fuzz_parse_hello_retry"}
    for fname in ("handshake-transcript.json", "handshake-transcript-udp.json"):
        with open(os.path.join(vec, fname)) as f:  # a missing file is an error, not a skip
            doc = json.load(f)
        entries = doc.get("frames") or doc.get("datagrams")
        for i, e in enumerate(entries):
            raw = bytes.fromhex(e["bytes_hex"])
            tag = f"{fname.split('.')[0]}-{i}"
            if e["kind"] == "UTACK":
                seed("fuzz_parse_utack", tag, raw)
                continue
            ftype = int(e["frame"]["type"], 16)
            if ftype in by_type:
                seed(by_type[ftype], tag, raw[12:])
            else:
                seed("fuzz_open_frame", tag, b"\x00" + raw)
                seed("fuzz_open_frame", tag + "-mut", b"\x03" + raw[12:40])
            seed("fuzz_abi", tag, bytes([11]) + raw[:64])
    with open(os.path.join(vec, "fragmentation.json")) as f:
        for i, fr in enumerate(json.load(f)["frames"]):
            seed("fuzz_open_frame", f"frag-{i}", b"\x00" + bytes.fromhex(fr["frame_hex"]))
    for t in range(18):
        seed("fuzz_abi", f"fn-{t}", bytes([t, 32, 32, 32, 32, 16, 32, 64, 32]) + bytes(16))
    for k in sorted(counts):
        print(f"  seeds {k}: {counts[k]}")


if __name__ == "__main__":
    main()
