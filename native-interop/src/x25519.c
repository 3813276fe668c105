/*
 * x25519.c - X25519 (RFC 7748 §5) for the USMP handshake (§3 step 3): our own constant-time
 * Montgomery ladder over GF(2^255 - 19).
 *
 * Field arithmetic is chosen at compile time:
 *  - x25519_fe64.h: 5 x 51-bit limbs with unsigned __int128 (64-bit hosts);
 *  - x25519_fe32.h: 10 limbs in radix 2^25.5 with 32x32->64 multiplies (ESP32 targets), also
 *    forced on a host with -DUSMP_X25519_FORCE_32 so the same vectors test both.
 *
 * Constant time: the scalar only ever drives the mask of fe_cswap (no branch, no table index
 * depends on a secret); the inversion is a fixed Fermat chain. No heap, no platform call; the
 * scalar copy and the whole ladder state are wiped with usmp_wipe before returning.
 */
#include "usmp_native.h"

#if defined(__SIZEOF_INT128__) && !defined(USMP_X25519_FORCE_32)
#include "x25519_fe64.h"
#else
#include "x25519_fe32.h"
#endif

/* Swap f and g when swap == 1, leave them when swap == 0, with the same instructions. */
static void fe_cswap(fe f, fe g, fe_limb swap)
{
    fe_limb mask = (fe_limb)0 - swap;
    unsigned i;
#if defined(__GNUC__)
    __asm__("" : "+r"(mask)); /* keep the compiler from turning the mask back into a branch */
#endif
    for (i = 0; i < sizeof(fe) / sizeof(fe_limb); ++i) {
        fe_limb t = mask & (f[i] ^ g[i]);
        f[i] ^= t;
        g[i] ^= t;
    }
}

static void fe_copy(fe h, const fe f)
{
    unsigned i;
    for (i = 0; i < sizeof(fe) / sizeof(fe_limb); ++i) {
        h[i] = f[i];
    }
}

static void fe_set_small(fe h, fe_limb v)
{
    unsigned i;
    for (i = 0; i < sizeof(fe) / sizeof(fe_limb); ++i) {
        h[i] = 0;
    }
    h[0] = v;
}

/* h = f^(2^n), n >= 1. */
static void fe_sqn(fe h, const fe f, int n)
{
    fe_sq(h, f);
    while (--n > 0) {
        fe_sq(h, h);
    }
}

/* h = z^(p - 2) = z^(2^255 - 21) = 1/z (0 maps to 0). Fixed chain: 254 squarings, 11 mults.
 * t holds 4 temporaries supplied by the caller so that they are wiped with the ladder state. */
static void fe_invert(fe h, const fe z, fe t[4])
{
    fe_sq(t[0], z);              /* z^2 */
    fe_sqn(t[1], t[0], 2);       /* z^8 */
    fe_mul(t[1], z, t[1]);       /* z^9 */
    fe_mul(t[0], t[0], t[1]);    /* z^11 */
    fe_sq(t[2], t[0]);           /* z^22 */
    fe_mul(t[1], t[1], t[2]);    /* z^(2^5 - 1) */
    fe_sqn(t[2], t[1], 5);
    fe_mul(t[1], t[2], t[1]);    /* z^(2^10 - 1) */
    fe_sqn(t[2], t[1], 10);
    fe_mul(t[2], t[2], t[1]);    /* z^(2^20 - 1) */
    fe_sqn(t[3], t[2], 20);
    fe_mul(t[2], t[3], t[2]);    /* z^(2^40 - 1) */
    fe_sqn(t[2], t[2], 10);
    fe_mul(t[1], t[2], t[1]);    /* z^(2^50 - 1) */
    fe_sqn(t[2], t[1], 50);
    fe_mul(t[2], t[2], t[1]);    /* z^(2^100 - 1) */
    fe_sqn(t[3], t[2], 100);
    fe_mul(t[2], t[3], t[2]);    /* z^(2^200 - 1) */
    fe_sqn(t[2], t[2], 50);
    fe_mul(t[1], t[2], t[1]);    /* z^(2^250 - 1) */
    fe_sqn(t[1], t[1], 5);       /* z^(2^255 - 2^5) */
    fe_mul(h, t[1], t[0]);       /* z^(2^255 - 21) */
}

/* Everything secret the ladder touches, in one place so one usmp_wipe clears it. */
typedef struct {
    uint8_t k[32];               /* clamped scalar copy */
    fe x1, x2, z2, x3, z3;       /* ladder state (RFC 7748 §5 names) */
    fe a, b, c, d, e;            /* per-step temporaries */
} x25519_state;

/* One ladder step (RFC 7748 §5), x2/z2 <- double, x3/z3 <- differential add. */
static void ladder_step(x25519_state *s, fe_limb swap)
{
    fe_limb mask = (fe_limb)0 - swap;
#if defined(__GNUC__)
    __asm__("" : "+r"(mask)); /* keep the mask a mask, not a branch */
#endif
    fe_cswap_addsub4(s->a, s->b, s->c, s->d, s->x2, s->z2, s->x3, s->z3, mask);
    fe_mul(s->d, s->d, s->a);    /* DA */
    fe_mul(s->c, s->c, s->b);    /* CB */
    fe_sq(s->a, s->a);           /* AA */
    fe_sq(s->b, s->b);           /* BB */
    fe_addsub(s->x3, s->z3, s->d, s->c);
    fe_sq(s->x3, s->x3);         /* x3 = (DA + CB)^2 */
    fe_sq(s->z3, s->z3);
    fe_mul(s->z3, s->z3, s->x1); /* z3 = x1 (DA - CB)^2 */
    fe_mul(s->x2, s->a, s->b);   /* x2 = AA BB */
    fe_sub_a24(s->e, s->z2, s->a, s->b); /* E = AA - BB; z2 = BB + 121666 E */
    fe_mul(s->z2, s->z2, s->e);  /* z2 = E (BB + 121666 E) = E (AA + a24 E) */
}

/* Montgomery ladder over bits 254..0 of the clamped scalar; result u = x2 / z2 encoded. */
static void x25519_ladder(uint8_t out[32], x25519_state *s)
{
    fe_limb swap = 0;
    int pos;
    fe_set_small(s->x2, 1);
    fe_set_small(s->z2, 0);
    fe_copy(s->x3, s->x1);
    fe_set_small(s->z3, 1);
    for (pos = 254; pos >= 0; --pos) {
        fe_limb bit = (fe_limb)((s->k[pos >> 3] >> (pos & 7)) & 1);
        ladder_step(s, swap ^ bit); /* delayed swap: undo the last step's swap, apply this one */
        swap = bit;
    }
    fe_cswap(s->x2, s->x3, swap);
    fe_cswap(s->z2, s->z3, swap);
    {
        fe t[4];
        fe_invert(s->z2, s->z2, t);
        usmp_wipe(t, sizeof(t));
    }
    fe_mul(s->x2, s->x2, s->z2);
    fe_tobytes(out, s->x2);
}

/* 0 if the 32 bytes are all zero, 1 otherwise, without a data-dependent branch. */
static uint32_t nonzero32(const uint8_t v[32])
{
    uint32_t acc = 0;
    int i;
    for (i = 0; i < 32; ++i) {
        acc |= v[i];
    }
    return (acc | (0u - acc)) >> 31;
}

int usmp_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32])
{
    x25519_state s;
    int i;
    for (i = 0; i < 32; ++i) {
        s.k[i] = scalar[i];
    }
    s.k[0] &= 248;  /* clamping, RFC 7748 §5 decodeScalar25519 */
    s.k[31] &= 127;
    s.k[31] |= 64;
    fe_frombytes(s.x1, point); /* masks bit 255; non-canonical u is reduced by the arithmetic */
    x25519_ladder(out, &s);
    usmp_wipe(&s, sizeof(s));
    /* An all-zero result (low-order or twist point) is refused (§3 step 3); out is then
     * already all zero. The status is chosen with a mask, not a branch. */
    return (int)((nonzero32(out) - 1u) & (uint32_t)USMP_S_ZERO_SHARED);
}

int usmp_x25519_base(uint8_t pub[32], const uint8_t priv[32])
{
    static const uint8_t base[32] = { 9 };
    return usmp_x25519(pub, priv, base);
}

int usmp_x25519_keypair(uint8_t priv[32], uint8_t pub[32])
{
    int st = usmp_random(priv, 32);
    if (st == USMP_S_OK) {
        st = usmp_x25519_base(pub, priv);
    } else {
        st = USMP_S_RANDOM;
    }
    if (st != USMP_S_OK) {
        usmp_wipe(priv, 32);
        usmp_wipe(pub, 32);
    }
    return st;
}
