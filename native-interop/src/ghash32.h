/*
 * ghash32.h - constant-time GHASH multiply from 32x32->64 integer multiplies, for 32-bit
 * targets (ESP32 Xtensa LX6: MULL + MULUH; ESP32-C3 RV32IMC: MUL + MULHU). Private to
 * aes256gcm.c (used when there is no unsigned __int128, or with -DUSMP_GHASH_FORCE_32 so a
 * 64-bit host tests it too) and to tests/test_ghash.c.
 *
 * Carry-less 32x32->64: split each operand into four bit groups a_i = a & M_i, M_i = the bits
 * at positions = i (mod 4) (0x11111111 << i): set bits inside a group are 4 apart. In the
 * integer product a_i * b_j a bit position p = i + j (mod 4) sums at most 8 terms
 * (a_i has 8 bits); 8 < 2^3 carries into p+1..p+3 only, never into p+4, the next bit of the
 * same residue. So bit p of a_i * b_j is the XOR of its terms and the carry-less product is,
 * for each residue r, (XOR over i of a_i * b_((r - i) mod 4)) masked with the 64-bit M_r:
 * 16 multiplies.
 *
 * 128x128 by two levels of Karatsuba (128 -> 3 x 64 -> 9 x 32). H is fixed for a message,
 * so its nine 32-bit operands are split into groups once in ghash32_setkey. The 256-bit
 * product is reduced by ghash_reduce (ghash_reduce.h explains the bit order); uint64_t there
 * is a pair of registers on these targets.
 *
 * No branch and no memory index depends on H or on the data; the ESP32 and ESP32-C3
 * multipliers take a fixed number of cycles. The caller wipes the context (it holds H).
 */
#ifndef USMP_GHASH32_H
#define USMP_GHASH32_H

#include <stdint.h>

#include "ghash_reduce.h"

#define GHASH32_M0 UINT32_C(0x11111111)
#define GHASH32_M1 UINT32_C(0x22222222)
#define GHASH32_M2 UINT32_C(0x44444444)
#define GHASH32_M3 UINT32_C(0x88888888)
#define GHASH32_W0 UINT64_C(0x1111111111111111)
#define GHASH32_W1 UINT64_C(0x2222222222222222)
#define GHASH32_W2 UINT64_C(0x4444444444444444)
#define GHASH32_W3 UINT64_C(0x8888888888888888)

/* Operand order of the nine 32x32 products, for a 128-bit value with 32-bit words
 * w3 w2 w1 w0 (w0 least significant):
 *   lo half (w1, w0):       0: w0, 1: w1, 2: w0^w1
 *   hi half (w3, w2):       3: w2, 4: w3, 5: w2^w3
 *   lo^hi   (s1, s0):       6: s0, 7: s1, 8: s0^s1   (s0 = w0^w2, s1 = w1^w3) */
typedef struct {
    uint32_t g[4]; /* one 32-bit operand split into residue groups 0..3 */
} ghash32_op;

typedef struct {
    ghash32_op h[9]; /* H's nine operands, in the order above */
    uint64_t y_hi, y_lo; /* GHASH accumulator, BE-loaded (reflected) */
} ghash32_ctx;

static inline void ghash32_split(uint32_t g[4], uint32_t v)
{
    g[0] = v & GHASH32_M0;
    g[1] = v & GHASH32_M1;
    g[2] = v & GHASH32_M2;
    g[3] = v & GHASH32_M3;
}

/* The three operands of a 64x64 Karatsuba step on (hi, lo) 32-bit words: op[0..2]. */
static inline void ghash32_split64(ghash32_op *op, uint32_t hi, uint32_t lo)
{
    ghash32_split(op[0].g, lo);
    ghash32_split(op[1].g, hi);
    ghash32_split(op[2].g, lo ^ hi);
}

/* H as its BE-loaded halves; clears the accumulator. */
static inline void ghash32_setkey(ghash32_ctx *c, uint64_t h_hi, uint64_t h_lo)
{
    uint32_t w0 = (uint32_t)h_lo, w1 = (uint32_t)(h_lo >> 32);
    uint32_t w2 = (uint32_t)h_hi, w3 = (uint32_t)(h_hi >> 32);
    ghash32_split64(c->h, w1, w0);
    ghash32_split64(c->h + 3, w3, w2);
    ghash32_split64(c->h + 6, w1 ^ w3, w0 ^ w2);
    c->y_hi = 0;
    c->y_lo = 0;
}

#define GHASH32_P(x, y) ((uint64_t)(x) * (uint64_t)(y))

/* Kept out of line on purpose: with all nine products inlined into ghash32_mul, GCC keeps too
 * many 64-bit values live and about 30% of the RV32 code became stack spills; one call per
 * product is cheaper (bench/run.sh: 51.4k -> 41.3k RV32 instructions per frame GHASH). */
#if defined(__GNUC__)
#define GHASH32_NOINLINE __attribute__((noinline))
#else
#define GHASH32_NOINLINE
#endif

/* Carry-less a * b, b given as its four groups. */
static GHASH32_NOINLINE uint64_t ghash32_clmul(uint32_t a, const uint32_t b[4])
{
    uint32_t a0 = a & GHASH32_M0, a1 = a & GHASH32_M1, a2 = a & GHASH32_M2, a3 = a & GHASH32_M3;
    uint64_t z0 = GHASH32_P(a0, b[0]) ^ GHASH32_P(a1, b[3]) ^ GHASH32_P(a2, b[2]) ^
                  GHASH32_P(a3, b[1]);
    uint64_t z1 = GHASH32_P(a0, b[1]) ^ GHASH32_P(a1, b[0]) ^ GHASH32_P(a2, b[3]) ^
                  GHASH32_P(a3, b[2]);
    uint64_t z2 = GHASH32_P(a0, b[2]) ^ GHASH32_P(a1, b[1]) ^ GHASH32_P(a2, b[0]) ^
                  GHASH32_P(a3, b[3]);
    uint64_t z3 = GHASH32_P(a0, b[3]) ^ GHASH32_P(a1, b[2]) ^ GHASH32_P(a2, b[1]) ^
                  GHASH32_P(a3, b[0]);
    return (z0 & GHASH32_W0) | (z1 & GHASH32_W1) | (z2 & GHASH32_W2) | (z3 & GHASH32_W3);
}

/* Carry-less 64x64 -> 128 of a = (a_hi, a_lo) by b given as ghash32_split64 operands
 * b[0..2]: the product is (*r_hi, *r_lo). */
static inline void ghash32_clmul64(uint64_t *r_hi, uint64_t *r_lo, uint64_t a,
                                   const ghash32_op *b)
{
    uint32_t lo = (uint32_t)a, hi = (uint32_t)(a >> 32);
    uint64_t pl = ghash32_clmul(lo, b[0].g);
    uint64_t ph = ghash32_clmul(hi, b[1].g);
    uint64_t pm = ghash32_clmul(lo ^ hi, b[2].g) ^ pl ^ ph;
    *r_lo = pl ^ (pm << 32);
    *r_hi = ph ^ (pm >> 32);
}

/* Y = Y * H in GF(2^128), GCM convention. */
static inline void ghash32_mul(ghash32_ctx *c)
{
    uint64_t l1, l0, h1, h0, m1, m0;
    ghash32_clmul64(&l1, &l0, c->y_lo, c->h);
    ghash32_clmul64(&h1, &h0, c->y_hi, c->h + 3);
    ghash32_clmul64(&m1, &m0, c->y_lo ^ c->y_hi, c->h + 6);
    m1 ^= l1 ^ h1;
    m0 ^= l0 ^ h0;
    /* P = (h1, h0) << 128 ^ (m1, m0) << 64 ^ (l1, l0) */
    ghash_reduce(&c->y_hi, &c->y_lo, h1, h0 ^ m1, l1 ^ m0, l0);
}

#undef GHASH32_P

#endif /* USMP_GHASH32_H */
