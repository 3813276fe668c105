/*
 * x25519_fe32.h - GF(2^255 - 19) arithmetic with 32-bit limbs and 32x32->64 multiplies
 * (ESP32 Xtensa LX6, RISC-V ESP32-C3). Private to x25519.c.
 *
 * An element is ten unsigned limbs in radix 2^25.5: limb i sits at bit ceil(25.5 i) and holds
 * 26 bits (even i) or 25 bits (odd i). Every operation here carries its output, so every
 * element is "reduced": limbs < 2^26 (even) / 2^25 (odd), except limb 0, which may exceed
 * 2^26 by 38 (fe_addsub, fe_cswap_addsub4) or by 19 * 365000 < 2^22.8 (fe_sub_a24), and limb 1,
 * which may exceed 2^25 by 2^13 (fe_mul, fe_sq). With those bounds every column sum of
 * fe_mul/fe_sq is < 2^58.97 < 2^59, the limit of the 32-bit column form below; the script
 * bench/x25519_fe32_bounds.py recomputes these bounds.
 *
 * The loops are written so that -O2 unrolls them completely (all indices become constants,
 * the column sums become registers); at -Os they stay loops to keep the code small.
 * Nothing here branches on, or indexes memory with, limb values.
 */
#ifndef USMP_X25519_FE32_H
#define USMP_X25519_FE32_H

#include <stdint.h>

#if defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE_SIZE__)
/* GCC's first scheduling pass hoists the loads and multiplies of the unrolled column sums
 * so far that it runs out of registers and spills: measured on RV32IMC at -O2 it costs ~15%
 * more instructions per X25519. */
#pragma GCC optimize("no-schedule-insns") /* from here to the end of x25519.c */
#endif

/* Small helpers are forced inline at -O2 (a call costs more than their body); at -Os they
 * stay functions to keep the code under its 4 KB budget. */
#if defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define FE_HOT static inline __attribute__((always_inline))
#else
#define FE_HOT static
#endif

typedef uint32_t fe_limb;
typedef fe_limb fe[10];
#define FE_LIMBS 10
/* Limb i of 2p, added before a subtraction so that limbs stay non-negative. */
#define FE_2P(i) ((i) == 0 ? 0x7ffffdau : (((i) & 1) ? 0x3fffffeu : 0x7fffffeu))

#if defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE_SIZE__)
#define FE_UNROLL _Pragma("GCC unroll 10")
#elif defined(__clang__) && !defined(__OPTIMIZE_SIZE__)
#define FE_UNROLL _Pragma("unroll")
#else
#define FE_UNROLL
#endif

#define FE_MASK26 0x3ffffffu
#define FE_MASK25 0x1ffffffu
#define FE_SHIFT(i) (26 - ((i) & 1))           /* width of limb i */
#define FE_OFFSET(i) (((i) * 51 + 1) / 2)      /* bit position of limb i: ceil(25.5 i) */

static uint32_t fe_load32(const uint8_t *s)
{
    return (uint32_t)s[0] | ((uint32_t)s[1] << 8) | ((uint32_t)s[2] << 16) | ((uint32_t)s[3] << 24);
}

/* Decode 32 little-endian bytes; bit 255 is ignored (RFC 7748 §5). Non-canonical values are
 * accepted and reduced by the arithmetic. Limb i = bits [off, off + width) of the input; for
 * every limb (off mod 8) + width <= 32, so one 32-bit load covers it (the last one ends at
 * bit 254, which drops bit 255). */
static void fe_frombytes(fe h, const uint8_t s[32])
{
    int i;
    for (i = 0; i < 10; ++i) {
        int off = FE_OFFSET(i);
        h[i] = (fe_load32(s + (off >> 3)) >> (off & 7)) & ((1u << FE_SHIFT(i)) - 1);
    }
}

/* One carry pass with the 2^255 = 19 fold, in place. Input limbs < 2^32. */
static void fe_carry(fe h)
{
    uint32_t c = 0;
    int i;
    for (i = 0; i < 10; ++i) {
        uint32_t v = h[i] + c; /* < 2^32: a reduced-ish limb plus a carry < 2^7 */
        c = v >> FE_SHIFT(i);
        h[i] = v & ((1u << FE_SHIFT(i)) - 1);
    }
    h[0] += 19 * c;
    h[1] += h[0] >> 26;
    h[0] &= FE_MASK26;
}

/* Canonical encoding: fully reduce modulo p (constant time), then pack 255 bits. */
static void fe_tobytes(uint8_t s[32], const fe f)
{
    fe h;
    uint32_t q = 19;
    uint64_t acc = 0;
    int i, bits = 0, n = 0;
    for (i = 0; i < 10; ++i) {
        h[i] = f[i];
    }
    fe_carry(h);
    fe_carry(h); /* value < 2^255 + 2^16: at most one p to subtract */
    for (i = 0; i < 10; ++i) {
        q = (h[i] + q) >> FE_SHIFT(i); /* ends as 1 iff value + 19 >= 2^255 */
    }
    q *= 19; /* value - q p = value + 19 q - q 2^255: add 19 q, then drop bit 255 */
    for (i = 0; i < 10; ++i) {
        uint32_t v = h[i] + q;
        q = v >> FE_SHIFT(i);
        h[i] = v & ((1u << FE_SHIFT(i)) - 1);
    }
    for (i = 0; i < 10; ++i) {
        acc |= (uint64_t)h[i] << bits;
        bits += FE_SHIFT(i);
        while (bits >= 8) {
            s[n++] = (uint8_t)acc;
            acc >>= 8;
            bits -= 8;
        }
    }
    s[31] = (uint8_t)acc; /* the last 7 bits */
}

/* s = f + g and d = f - g + 2p in one pass, both carried. g reduced. */
FE_HOT void fe_addsub(fe s, fe d, const fe f, const fe g)
{
    uint32_t cs = 0, cd = 0;
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        uint32_t m = (1u << FE_SHIFT(i)) - 1, fi = f[i], gi = g[i];
        cs += fi + gi;
        cd += fi + FE_2P(i) - gi;
        s[i] = cs & m;
        d[i] = cd & m;
        cs >>= FE_SHIFT(i);
        cd >>= FE_SHIFT(i);
    }
    s[0] += 19 * cs;
    d[0] += 19 * cd;
}

/* Start of a ladder step: swap (x2, z2) with (x3, z3) when mask is all ones (in registers
 * only: the step overwrites all four), then a = x2 + z2, b = x2 - z2, c = x3 + z3,
 * d = x3 - z3, all carried. */
FE_HOT void fe_cswap_addsub4(fe a, fe b, fe c, fe d, const fe x2, const fe z2, const fe x3,
                             const fe z3, uint32_t mask)
{
    uint32_t ca = 0, cb = 0, cc = 0, cd = 0;
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        uint32_t m = (1u << FE_SHIFT(i)) - 1;
        uint32_t xa = x2[i], za = z2[i], xb = x3[i], zb = z3[i];
        uint32_t tx = mask & (xa ^ xb), tz = mask & (za ^ zb);
        xa ^= tx;
        xb ^= tx;
        za ^= tz;
        zb ^= tz;
        ca += xa + za;
        cb += xa + FE_2P(i) - za;
        cc += xb + zb;
        cd += xb + FE_2P(i) - zb;
        a[i] = ca & m;
        b[i] = cb & m;
        c[i] = cc & m;
        d[i] = cd & m;
        ca >>= FE_SHIFT(i);
        cb >>= FE_SHIFT(i);
        cc >>= FE_SHIFT(i);
        cd >>= FE_SHIFT(i);
    }
    a[0] += 19 * ca;
    b[0] += 19 * cb;
    c[0] += 19 * cc;
    d[0] += 19 * cd;
}

/*
 * Column sums with 32-bit words only. Inputs are reduced (limbs < 2^26 + 2^7, odd ones
 * < 2^25 + 2^17), so a column T = sum of a b (a = f_i or 2 f_i < 2^27, b = g_j or 19 g_j) is
 * < 125 2^52 < 2^59 (worst: column 0, 1 + 4 19 even products and 5 38 odd ones). With
 * a' = a << 5 < 2^32: mulhu(a', b) = floor(a b / 2^27) and mul(a', b) >> 5 = a b mod 2^27.
 * So T = hi 2^27 + lo with hi = sum of the former (< 2^32 as T < 2^59) and lo = sum of the
 * latter (< 11 2^27 < 2^32 with the carry in): mul, shift, mulhu and two adds per product,
 * no 64-bit addition with its carry compare.
 */
typedef struct {
    uint32_t lo, hi;
} fe_col;

#define FE_COL_ADD(t, a_sh5, b)                                        \
    do {                                                               \
        (t).lo += ((a_sh5) * (b)) >> 5;                                \
        (t).hi += (uint32_t)(((uint64_t)(a_sh5) * (b)) >> 32);         \
    } while (0)

/* Close column k: return T mod 2^width(k); t becomes the carry T >> width(k), same form. */
FE_HOT uint32_t fe_col_close(fe_col *t, int k)
{
    int w = FE_SHIFT(k);
    uint32_t m = (1u << w) - 1, out = t->lo & m;
    t->lo = ((t->hi & m) << (27 - w)) + (t->lo >> w);
    t->hi >>= w;
    return out;
}

/* Write the product: fold the carry out of limb 9 (worth 2^255 = 19 mod p) into limb 0. */
FE_HOT void fe_col_fold(fe h, const uint32_t *r, const fe_col *t)
{
    uint64_t c = (((uint64_t)t->hi << 27) + t->lo) * 19 + r[0]; /* carry < 2^35 */
    uint32_t r1 = r[1];
    int i;
    if (h != r) { /* public pointers: fe_sq gives a buffer, fe_mul writes h directly */
        FE_UNROLL
        for (i = 2; i < 10; ++i) {
            h[i] = r[i];
        }
    }
    h[0] = (uint32_t)c & FE_MASK26;
    h[1] = r1 + (uint32_t)(c >> 26);
}

#if defined(__GNUC__)
/* Make the compiler treat p's contents as stored (not kept in registers): the two-pass
 * products below rely on it to keep their partial sums in memory instead of spilling. */
#define FE_IN_MEMORY(p) __asm__ volatile("" : : "r"(p) : "memory")
#else
#define FE_IN_MEMORY(p) ((void)(p))
#endif

/* Add to column t every product f_i g_j with i in [i0, i1) and i + j = k (mod 10): a
 * product of two odd limbs is doubled (2^(25.5 i) 2^(25.5 j) is twice column k's weight
 * then), a pair with i + j >= 10 wraps to column k times 19. */
#define FE_MUL_COLUMN(t, k, i0, i1, fl, gl)                                    \
    do {                                                                       \
        int i_;                                                                \
        FE_UNROLL                                                              \
        for (i_ = (i0); i_ < (i1); ++i_) {                                     \
            int j_ = ((k) - i_ + 10) % 10;                                     \
            uint32_t a_ = (fl)[i_] << (5 + (i_ & j_ & 1));                     \
            uint32_t b_ = (i_ > (k)) ? 19 * (gl)[j_] : (gl)[j_];               \
            FE_COL_ADD(t, a_, b_);                                             \
        }                                                                      \
    } while (0)

/* h = f g, product scanning in radix 2^25.5, in two passes over f (limbs 0-4, then 5-9) so
 * that only 5 limbs of f and the 10 of g are live at a time (RV32 has 31 registers); the
 * first pass leaves its 10 column sums in memory. f, g reduced; h may alias f or g. */
static void fe_mul(fe h, const fe f, const fe g)
{
    fe_col part[10];
    uint32_t fl[10], gl[10];
    fe_col t;
    int i, k;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        gl[i] = g[i];
    }
    FE_UNROLL
    for (i = 0; i < 5; ++i) {
        fl[i] = f[i];
    }
    FE_UNROLL
    for (k = 0; k < 10; ++k) {
        t.lo = 0;
        t.hi = 0;
        FE_MUL_COLUMN(t, k, 0, 5, fl, gl);
        part[k] = t;
    }
    FE_IN_MEMORY(part);
    FE_UNROLL
    for (i = 5; i < 10; ++i) {
        fl[i] = f[i]; /* read before h is written */
    }
    t.lo = 0;
    t.hi = 0;
    FE_UNROLL
    for (k = 0; k < 10; ++k) {
        t.lo += part[k].lo;
        t.hi += part[k].hi;
        FE_MUL_COLUMN(t, k, 5, 10, fl, gl);
        h[k] = fe_col_close(&t, k);
    }
    fe_col_fold(h, h, &t);
}

#if defined(__GNUC__)
#define FE_OPAQUE(v) __asm__("" : "+r"(v))
#else
#define FE_OPAQUE(v) ((void)0)
#endif

/* h = f^2: column k sums the pairs i <= j only (55 products); i < j counts twice. The factor
 * 2 of a cross term goes on b (a = f_i << 5, doubled again if both are odd, must stay
 * < 2^32); 19 or 38 is one multiply by a constant the compiler may not fold into shifts
 * (c19 is re-hidden per column so no 19 f_j stays live across columns). */
static void fe_sq(fe h, const fe f)
{
    uint32_t r[10], fl[10], c19 = 19;
    fe_col t = { 0, 0 };
    int i, k;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        fl[i] = f[i];
    }
    FE_UNROLL
    for (k = 0; k < 10; ++k) {
        FE_OPAQUE(c19);
        FE_UNROLL
        for (i = 0; i < 10; ++i) {
            int j = (k - i + 10) % 10;
            if (i <= j) {
                uint32_t a = fl[i] << (5 + (i & j & 1));
                uint32_t b = (i > k) ? fl[j] * (c19 << (i != j)) : fl[j] << (i != j);
                FE_COL_ADD(t, a, b);
            }
        }
        r[k] = fe_col_close(&t, k);
    }
    fe_col_fold(h, r, &t);
}

/* e = aa - bb (carried) and z = 121666 (aa - bb) + bb (a24 + 1 of RFC 7748, for
 * z2 = E (BB + 121666 E)), in one pass. z is computed from the uncarried difference
 * (< 2^27.6) in a 64-bit sum, so its limb 0 may exceed 2^26 by 19 * 365000 < 2^22.8. */
FE_HOT void fe_sub_a24(fe e, fe z, const fe aa, const fe bb)
{
    uint64_t acc = 0;
    uint32_t ce = 0;
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        uint32_t m = (1u << FE_SHIFT(i)) - 1, b = bb[i], v = aa[i] + FE_2P(i) - b;
        ce += v;
        e[i] = ce & m;
        ce >>= FE_SHIFT(i);
        acc += (uint64_t)v * 121666 + b;
        z[i] = (uint32_t)acc & m;
        acc >>= FE_SHIFT(i);
    }
    e[0] += 19 * ce;
    z[0] += 19 * (uint32_t)acc; /* acc < 365000 here */
}

#endif /* USMP_X25519_FE32_H */
