#!/usr/bin/env python3
"""Recompute the limb and column bounds that src/x25519_fe32.h relies on (run it after any
change to that file's carries). Exits non-zero if a bound is broken. Not a benchmark: a
worst-case calculation with every limb at its maximum.

fe_mul / fe_sq keep a column T = sum of a*b as hi*2^27 + lo with 32-bit hi and lo, which
needs T (plus the carry in, < 2^35) < 2^59, a << 5 < 2^32 and b < 2^32.
"""
import math
import sys

W = [26 - (i & 1) for i in range(10)]          # limb widths, radix 2^25.5


def columns(f, g, square):
    t = [0] * 10
    for i in range(10):
        for j in range(10):
            if square and i > j:
                continue
            both_odd = 2 if (i & 1 and j & 1) else 1
            wrap = 19 if i + j >= 10 else 1
            cross = 2 if (square and i != j) else 1
            t[(i + j) % 10] += both_odd * wrap * cross * f[i] * g[j]
            a = f[i] * both_odd                 # the operand shifted left by 5
            b = g[j] * wrap * cross
            if (a << 5) >= 2**32 or b >= 2**32:
                sys.exit(f"operand overflow at i={i} j={j}")
    return t


top = [2**w - 1 for w in W]
mul_out = list(top)
mul_out[1] += 2**13                            # fold of the column-9 carry into limb 1
addsub_out = list(top)
addsub_out[0] += 38                            # 19 * (final carry <= 2)
a24_out = list(top)
a24_out[0] += 19 * 365000                      # fe_sub_a24 (from the uncarried difference)
worst = [max(v) for v in zip(mul_out, addsub_out, a24_out)]

ok = True
for name, square in (("fe_mul", False), ("fe_sq", True)):
    t = columns(worst, worst, square)
    print(name, "column bits:", " ".join(f"{math.log2(x):.3f}" for x in t))
    ok &= max(t) + 2**35 < 2**59
carry9 = max(columns(worst, worst, False)) >> 25
excess1 = (carry9 * 19 + 2**26) >> 26
print("limb 1 excess after fe_mul:", excess1, "< 2^13:", excess1 < 2**13)
ok &= excess1 < 2**13
print("bounds hold" if ok else "BOUND BROKEN")
sys.exit(0 if ok else 1)
