/*
 * x25519_fe32.h - GF(2^255 - 19) arithmetic with 32-bit limbs and 32x32->64 multiplies
 * (ESP32 Xtensa LX6, RISC-V ESP32-C3). Private to x25519.c.
 *
 * An element is ten unsigned limbs in radix 2^25.5: limb i sits at bit ceil(25.5 i) and holds
 * 26 bits (even i) or 25 bits (odd i) when reduced. "Reduced" = the output of a carry: even
 * limbs < 2^26, odd limbs < 2^25, except limb 1 which may exceed 2^25 by < 2^16. "Loose" =
 * a sum or a difference of reduced elements: limbs < 1.5 * 2^27 (even) / 1.5 * 2^26 (odd).
 * fe_mul and fe_sq accept loose inputs; with them every 64-bit column sum stays < 2^63.
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
 * more instructions per X25519. Only this file's functions are affected. */
#pragma GCC optimize("no-schedule-insns")
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

static void fe_add(fe h, const fe f, const fe g)
{
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        h[i] = f[i] + g[i];
    }
}

/* h = f - g + 2p, limb-wise. g must be reduced (each limb below the 2p limb). */
static void fe_sub(fe h, const fe f, const fe g)
{
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        h[i] = f[i] + FE_2P(i) - g[i];
    }
}

/* Finish a product: the carry out of limb 9 is worth 2^255 = 19 (mod p). c < 2^39. */
static void fe_fold(fe h, const uint32_t r[10], uint64_t c)
{
    int i;
    c = c * 19 + r[0];
    h[0] = (uint32_t)c & FE_MASK26;
    h[1] = r[1] + (uint32_t)(c >> 26);
    FE_UNROLL
    for (i = 2; i < 10; ++i) {
        h[i] = r[i];
    }
}

#if defined(__GNUC__)
#define FE_OPAQUE(v) __asm__("" : "+r"(v))
#else
#define FE_OPAQUE(v) ((void)0)
#endif

/* h = f g, product scanning in radix 2^25.5: column k sums f_i g_j over i + j = k (mod 10);
 * a product of two odd limbs is doubled (2^(25.5 i) 2^(25.5 j) is twice column k's weight
 * then), a pair with i + j >= 10 wraps to column i + j - 10 times 19. Each column starts with
 * the carry out of the previous one, so carrying costs nothing extra. 19 g_j < 2^32. */
static void fe_mul(fe h, const fe f, const fe g)
{
    uint32_t r[10], c19 = 19;
    uint64_t acc = 0;
    int i, k;
    FE_UNROLL
    for (k = 0; k < 10; ++k) {
        FE_OPAQUE(c19);
        FE_UNROLL
        for (i = 0; i < 10; ++i) {
            int j = (k - i + 10) % 10;
            uint32_t a = f[i] << (i & j & 1);
            uint32_t b = (i > k) ? g[j] * c19 : g[j];
            acc += (uint64_t)a * b;
        }
        r[k] = (uint32_t)acc & ((1u << FE_SHIFT(k)) - 1); /* h may alias f or g */
        acc >>= FE_SHIFT(k);
    }
    fe_fold(h, r, acc);
}

/* h = f^2: column k sums the pairs i <= j only (55 products); i < j counts twice. */
static void fe_sq(fe h, const fe f)
{
    uint32_t f19[10], r[10];
    uint64_t acc = 0;
    int i, k;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        f19[i] = 19 * f[i];
    }
    FE_UNROLL
    for (k = 0; k < 10; ++k) {
        FE_UNROLL
        for (i = 0; i < 10; ++i) {
            int j = (k - i + 10) % 10;
            if (i <= j) {
                uint32_t a = f[i] << ((i != j) + (i & j & 1));
                uint32_t b = (i > k) ? f19[j] : f[j];
                acc += (uint64_t)a * b;
            }
        }
        r[k] = (uint32_t)acc & ((1u << FE_SHIFT(k)) - 1); /* h may alias f or g */
        acc >>= FE_SHIFT(k);
    }
    fe_fold(h, r, acc);
}

/* h = 121666 f (a24 + 1 of RFC 7748, used as z2 = E (BB + 121666 E)). */
static void fe_mul121666(fe h, const fe f)
{
    uint32_t r[10];
    uint64_t acc = 0;
    int i;
    FE_UNROLL
    for (i = 0; i < 10; ++i) {
        acc += (uint64_t)f[i] * 121666;
        r[i] = (uint32_t)acc & ((1u << FE_SHIFT(i)) - 1);
        acc >>= FE_SHIFT(i);
    }
    fe_fold(h, r, acc);
}

#endif /* USMP_X25519_FE32_H */
