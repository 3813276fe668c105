/*
 * x25519_fe64.h - GF(2^255 - 19) arithmetic for 64-bit hosts (private to x25519.c).
 *
 * An element is five unsigned 51-bit limbs: value = sum f[i] * 2^(51 i). Products use
 * unsigned __int128. "Reduced" below means every limb < 2^51 except limb 1, which may
 * exceed it by a small carry (< 2^15); every function accepts reduced or "loose" inputs
 * (limbs < 2^53, e.g. a sum or difference of reduced elements) and the bounds are noted
 * where they matter. Nothing here branches on, or indexes memory with, limb values.
 */
#ifndef USMP_X25519_FE64_H
#define USMP_X25519_FE64_H

#include <stdint.h>

#if defined(__GNUC__)
#define FE_INLINE static inline __attribute__((always_inline))
#else
#define FE_INLINE static inline
#endif

typedef uint64_t fe_limb;
typedef fe_limb fe[5];
#define FE_LIMBS 5
/* Limb i of 2p, added before a subtraction so that limbs stay non-negative. */
#define FE_2P(i) ((i) == 0 ? 0xfffffffffffdaULL : 0xffffffffffffeULL)
__extension__ typedef unsigned __int128 fe_u128;

#if defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE_SIZE__)
#define FE_UNROLL _Pragma("GCC unroll 5")
#elif defined(__clang__) && !defined(__OPTIMIZE_SIZE__)
#define FE_UNROLL _Pragma("unroll")
#else
#define FE_UNROLL
#endif
#define FE_MASK51 ((((uint64_t)1) << 51) - 1)

static uint64_t fe_load64(const uint8_t *s)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; --i) {
        v = (v << 8) | s[i];
    }
    return v;
}

static void fe_store64(uint8_t *s, uint64_t v)
{
    int i;
    for (i = 0; i < 8; ++i) {
        s[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Decode 32 little-endian bytes; bit 255 is ignored (RFC 7748 §5). Non-canonical values
 * (2^255 - 19 .. 2^255 - 1) are accepted as they are: the arithmetic reduces them. */
static void fe_frombytes(fe h, const uint8_t s[32])
{
    uint64_t w0 = fe_load64(s), w1 = fe_load64(s + 8), w2 = fe_load64(s + 16);
    uint64_t w3 = fe_load64(s + 24) & 0x7fffffffffffffffULL;
    h[0] = w0 & FE_MASK51;
    h[1] = ((w0 >> 51) | (w1 << 13)) & FE_MASK51;
    h[2] = ((w1 >> 38) | (w2 << 26)) & FE_MASK51;
    h[3] = ((w2 >> 25) | (w3 << 39)) & FE_MASK51;
    h[4] = w3 >> 12;
}

/* One carry pass with the 2^255 = 19 fold; output limbs < 2^51 except limb 1 (< 2^51 + 2^14). */
static void fe_carry(fe h)
{
    uint64_t c;
    c = h[0] >> 51; h[0] &= FE_MASK51; h[1] += c;
    c = h[1] >> 51; h[1] &= FE_MASK51; h[2] += c;
    c = h[2] >> 51; h[2] &= FE_MASK51; h[3] += c;
    c = h[3] >> 51; h[3] &= FE_MASK51; h[4] += c;
    c = h[4] >> 51; h[4] &= FE_MASK51; h[0] += 19 * c;
    c = h[0] >> 51; h[0] &= FE_MASK51; h[1] += c;
}

/* Canonical encoding: fully reduce modulo p (constant time), then pack 255 bits. */
static void fe_tobytes(uint8_t s[32], const fe f)
{
    fe h;
    uint64_t q;
    int i;
    for (i = 0; i < 5; ++i) {
        h[i] = f[i];
    }
    fe_carry(h);
    fe_carry(h); /* now value < 2^255 + 2^14: at most one p to subtract */
    q = (h[0] + 19) >> 51; /* q = 1 iff value + 19 >= 2^255, i.e. value >= p */
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    h[0] += 19 * q; /* value - q p = value + 19 q - q 2^255: drop bit 255 below */
    h[1] += h[0] >> 51; h[0] &= FE_MASK51;
    h[2] += h[1] >> 51; h[1] &= FE_MASK51;
    h[3] += h[2] >> 51; h[2] &= FE_MASK51;
    h[4] += h[3] >> 51; h[3] &= FE_MASK51;
    h[4] &= FE_MASK51;
    fe_store64(s, h[0] | (h[1] << 51));
    fe_store64(s + 8, (h[1] >> 13) | (h[2] << 38));
    fe_store64(s + 16, (h[2] >> 26) | (h[3] << 25));
    fe_store64(s + 24, (h[3] >> 39) | (h[4] << 12));
}

/* h = f - g + 2p, limb-wise. g must be reduced (each limb below the 2p limb). */
FE_INLINE void fe_sub(fe h, const fe f, const fe g)
{
    h[0] = f[0] + 0xfffffffffffdaULL - g[0]; /* 2 (2^51 - 19) */
    h[1] = f[1] + 0xffffffffffffeULL - g[1]; /* 2 (2^51 - 1) */
    h[2] = f[2] + 0xffffffffffffeULL - g[2];
    h[3] = f[3] + 0xffffffffffffeULL - g[3];
    h[4] = f[4] + 0xffffffffffffeULL - g[4];
}

/* s = f + g and d = f - g + 2p (loose). g reduced. */
FE_INLINE void fe_addsub(fe s, fe d, const fe f, const fe g)
{
    int i;
    FE_UNROLL
    for (i = 0; i < 5; ++i) {
        uint64_t fi = f[i], gi = g[i];
        s[i] = fi + gi;
        d[i] = fi + FE_2P(i) - gi;
    }
}

/* Start of a ladder step: swap (x2, z2) with (x3, z3) when mask is all ones (in registers
 * only: the step overwrites all four), then a = x2 + z2, b = x2 - z2, c = x3 + z3,
 * d = x3 - z3 (loose, uncarried). */
FE_INLINE void fe_cswap_addsub4(fe a, fe b, fe c, fe d, const fe x2, const fe z2, const fe x3,
                             const fe z3, uint64_t mask)
{
    int i;
    FE_UNROLL
    for (i = 0; i < 5; ++i) {
        uint64_t xa = x2[i], za = z2[i], xb = x3[i], zb = z3[i];
        uint64_t tx = mask & (xa ^ xb), tz = mask & (za ^ zb);
        xa ^= tx;
        xb ^= tx;
        za ^= tz;
        zb ^= tz;
        a[i] = xa + za;
        b[i] = xa + FE_2P(i) - za;
        c[i] = xb + zb;
        d[i] = xb + FE_2P(i) - zb;
    }
}

/* Carry five 128-bit column sums into a reduced element. Each t[i] < 2^115. Inlined: passing
 * 128-bit values through a call costs more than the carries themselves. */
FE_INLINE void fe_carry128(fe h, fe_u128 t0, fe_u128 t1, fe_u128 t2, fe_u128 t3, fe_u128 t4)
{
    uint64_t r0, r1, r2, r3, r4;
    r0 = (uint64_t)t0 & FE_MASK51; t1 += (uint64_t)(t0 >> 51);
    r1 = (uint64_t)t1 & FE_MASK51; t2 += (uint64_t)(t1 >> 51);
    r2 = (uint64_t)t2 & FE_MASK51; t3 += (uint64_t)(t2 >> 51);
    r3 = (uint64_t)t3 & FE_MASK51; t4 += (uint64_t)(t3 >> 51);
    r4 = (uint64_t)t4 & FE_MASK51;
    /* 2^255 = 19 (mod p). Column 4 has no factor 19: t4 < 5 2^106 + 2^64, so the carry is
     * < 2^58 and 19 carry + r0 < 2^63 fits in 64 bits. (For 121666 f: t4 < 2^71, tiny.) */
    r0 += 19 * (uint64_t)(t4 >> 51);
    r1 += r0 >> 51;
    r0 &= FE_MASK51;
    h[0] = r0; h[1] = r1; h[2] = r2; h[3] = r3; h[4] = r4;
}

/* h = f g. Inputs: limbs < 2^53 (so 19 g_i < 2^58 and every column < 2^113). */
static void fe_mul(fe h, const fe f, const fe g)
{
    uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
    uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
    fe_u128 t0, t1, t2, t3, t4;
    t0 = (fe_u128)f0 * g0 + (fe_u128)f1 * g4_19 + (fe_u128)f2 * g3_19 + (fe_u128)f3 * g2_19
       + (fe_u128)f4 * g1_19;
    t1 = (fe_u128)f0 * g1 + (fe_u128)f1 * g0 + (fe_u128)f2 * g4_19 + (fe_u128)f3 * g3_19
       + (fe_u128)f4 * g2_19;
    t2 = (fe_u128)f0 * g2 + (fe_u128)f1 * g1 + (fe_u128)f2 * g0 + (fe_u128)f3 * g4_19
       + (fe_u128)f4 * g3_19;
    t3 = (fe_u128)f0 * g3 + (fe_u128)f1 * g2 + (fe_u128)f2 * g1 + (fe_u128)f3 * g0
       + (fe_u128)f4 * g4_19;
    t4 = (fe_u128)f0 * g4 + (fe_u128)f1 * g3 + (fe_u128)f2 * g2 + (fe_u128)f3 * g1
       + (fe_u128)f4 * g0;
    fe_carry128(h, t0, t1, t2, t3, t4);
}

/* h = f^2: 15 products instead of 25 (cross terms doubled once). Same bounds as fe_mul. */
static void fe_sq(fe h, const fe f)
{
    uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3;
    uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
    fe_u128 t0, t1, t2, t3, t4;
    t0 = (fe_u128)f0 * f0 + (fe_u128)f1_2 * f4_19 + (fe_u128)f2_2 * f3_19;
    t1 = (fe_u128)f0_2 * f1 + (fe_u128)f2_2 * f4_19 + (fe_u128)f3 * f3_19;
    t2 = (fe_u128)f0_2 * f2 + (fe_u128)f1 * f1 + (fe_u128)f3_2 * f4_19;
    t3 = (fe_u128)f0_2 * f3 + (fe_u128)f1_2 * f2 + (fe_u128)f4 * f4_19;
    t4 = (fe_u128)f0_2 * f4 + (fe_u128)f1_2 * f3 + (fe_u128)f2 * f2;
    fe_carry128(h, t0, t1, t2, t3, t4);
}

/* h = 121666 f + g (a24 + 1 of RFC 7748, for z2 = E (BB + 121666 E)). f loose, g reduced. */
FE_INLINE void fe_mul121666_add(fe h, const fe f, const fe g)
{
    fe_carry128(h, (fe_u128)f[0] * 121666 + g[0], (fe_u128)f[1] * 121666 + g[1],
                (fe_u128)f[2] * 121666 + g[2], (fe_u128)f[3] * 121666 + g[3],
                (fe_u128)f[4] * 121666 + g[4]);
}

/* e = aa - bb (loose) and z = 121666 e + bb. */
FE_INLINE void fe_sub_a24(fe e, fe z, const fe aa, const fe bb)
{
    fe_sub(e, aa, bb);
    fe_mul121666_add(z, e, bb);
}

#endif /* USMP_X25519_FE64_H */
