/*
 * ghash64.h - constant-time GHASH multiply for 64-bit hosts (unsigned __int128), private to
 * aes256gcm.c (selected when __SIZEOF_INT128__ is defined and USMP_GHASH_FORCE_32 is not) and
 * to tests/test_ghash.c.
 *
 * Carry-less 64x64->128 from ordinary integer multiplies. Split each operand into five bit
 * groups a_i = a & M_i, M_i = the bits at positions = i (mod 5): inside a group the set bits
 * are at least 5 apart (the "holes"). In the integer product a_i * b_j the bit at a position
 * p = i + j (mod 5) receives the terms a_s b_t with s + t = p, s = i, t = j (mod 5): at most
 * 13 of them (a_i has <= 13 bits), and a column sum <= 13 < 2^4 carries into p+1..p+3 only,
 * never into p+5, the next position of the same residue. So bit p of a_i * b_j is the exact
 * XOR of its terms, and the carry-less product is, for each residue r,
 *   (XOR over i of a_i * b_((r - i) mod 5)) masked with the 128-bit M_r,
 * 25 multiplies in all. (With four groups a column could reach 16 terms and its carry would
 * land on the next same-residue bit.)
 *
 * 128x128 by Karatsuba over 64-bit halves: three 64x64 products. H is fixed for a message, so
 * its three operands (H_lo, H_hi, H_lo ^ H_hi) are split into groups once in ghash64_setkey.
 * The result is reduced by ghash_reduce (ghash_reduce.h explains the bit order).
 *
 * No branch and no memory index depends on H or on the data; x86-64 MUL and ARM64 UMULH/MUL
 * take a fixed time. The caller wipes the context (it holds H).
 */
#ifndef USMP_GHASH64_H
#define USMP_GHASH64_H

#include <stdint.h>

#include "ghash_reduce.h"

__extension__ typedef unsigned __int128 ghash_u128;

#define GHASH64_M0 UINT64_C(0x1084210842108421)
#define GHASH64_M1 UINT64_C(0x2108421084210842)
#define GHASH64_M2 UINT64_C(0x4210842108421084)
#define GHASH64_M3 UINT64_C(0x8421084210842108)
#define GHASH64_M4 UINT64_C(0x0842108421084210)
/* 128-bit residue masks: bit 64 + q has residue (q + 4) mod 5, so the upper word of M_r is
 * the 64-bit mask of residue r + 1. */
#define GHASH64_MASK128(hi, lo) (((ghash_u128)(hi) << 64) | (ghash_u128)(lo))

typedef struct {
    uint64_t h[3][5]; /* H_lo, H_hi, H_lo ^ H_hi, each split into residue groups 0..4 */
    uint64_t y_hi, y_lo; /* GHASH accumulator, BE-loaded (reflected) */
} ghash64_ctx;

static inline void ghash64_split(uint64_t g[5], uint64_t v)
{
    g[0] = v & GHASH64_M0;
    g[1] = v & GHASH64_M1;
    g[2] = v & GHASH64_M2;
    g[3] = v & GHASH64_M3;
    g[4] = v & GHASH64_M4;
}

/* H as its BE-loaded halves; clears the accumulator. */
static inline void ghash64_setkey(ghash64_ctx *c, uint64_t h_hi, uint64_t h_lo)
{
    ghash64_split(c->h[0], h_lo);
    ghash64_split(c->h[1], h_hi);
    ghash64_split(c->h[2], h_lo ^ h_hi);
    c->y_hi = 0;
    c->y_lo = 0;
}

#define GHASH64_P(x, y) ((ghash_u128)(x) * (ghash_u128)(y))

/* Carry-less a * b, b given as its five groups. */
static inline ghash_u128 ghash64_clmul(uint64_t a, const uint64_t b[5])
{
    uint64_t a0 = a & GHASH64_M0, a1 = a & GHASH64_M1, a2 = a & GHASH64_M2;
    uint64_t a3 = a & GHASH64_M3, a4 = a & GHASH64_M4;
    ghash_u128 z0 = GHASH64_P(a0, b[0]) ^ GHASH64_P(a1, b[4]) ^ GHASH64_P(a2, b[3]) ^
                    GHASH64_P(a3, b[2]) ^ GHASH64_P(a4, b[1]);
    ghash_u128 z1 = GHASH64_P(a0, b[1]) ^ GHASH64_P(a1, b[0]) ^ GHASH64_P(a2, b[4]) ^
                    GHASH64_P(a3, b[3]) ^ GHASH64_P(a4, b[2]);
    ghash_u128 z2 = GHASH64_P(a0, b[2]) ^ GHASH64_P(a1, b[1]) ^ GHASH64_P(a2, b[0]) ^
                    GHASH64_P(a3, b[4]) ^ GHASH64_P(a4, b[3]);
    ghash_u128 z3 = GHASH64_P(a0, b[3]) ^ GHASH64_P(a1, b[2]) ^ GHASH64_P(a2, b[1]) ^
                    GHASH64_P(a3, b[0]) ^ GHASH64_P(a4, b[4]);
    ghash_u128 z4 = GHASH64_P(a0, b[4]) ^ GHASH64_P(a1, b[3]) ^ GHASH64_P(a2, b[2]) ^
                    GHASH64_P(a3, b[1]) ^ GHASH64_P(a4, b[0]);
    return (z0 & GHASH64_MASK128(GHASH64_M1, GHASH64_M0)) |
           (z1 & GHASH64_MASK128(GHASH64_M2, GHASH64_M1)) |
           (z2 & GHASH64_MASK128(GHASH64_M3, GHASH64_M2)) |
           (z3 & GHASH64_MASK128(GHASH64_M4, GHASH64_M3)) |
           (z4 & GHASH64_MASK128(GHASH64_M0, GHASH64_M4));
}

/* Y = Y * H in GF(2^128), GCM convention. */
static inline void ghash64_mul(ghash64_ctx *c)
{
    ghash_u128 lo = ghash64_clmul(c->y_lo, c->h[0]);
    ghash_u128 hi = ghash64_clmul(c->y_hi, c->h[1]);
    ghash_u128 mid = ghash64_clmul(c->y_lo ^ c->y_hi, c->h[2]) ^ lo ^ hi;
    /* P = hi << 128 ^ mid << 64 ^ lo */
    ghash_reduce(&c->y_hi, &c->y_lo, (uint64_t)(hi >> 64),
                 (uint64_t)hi ^ (uint64_t)(mid >> 64), (uint64_t)(lo >> 64) ^ (uint64_t)mid,
                 (uint64_t)lo);
}

#undef GHASH64_P

#endif /* USMP_GHASH64_H */
