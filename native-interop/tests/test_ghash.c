/* test_ghash.c - the GHASH multiplies of src/ghash32.h (always) and src/ghash64.h (hosts with
 * unsigned __int128), both in this one binary, against a plain model:
 *  - the model is SP 800-38D §6.3 Algorithm 1 (bit-serial, on bytes, with branches: it is a
 *    test), itself checked against an independent schoolbook polynomial product reduced by
 *    long division in the unreflected domain, and against the GHASH of McGrew & Viega's GCM
 *    test case 2 (H = E_0(0), one ciphertext block);
 *  - edge inputs: every pair of {0, all-ones, each of the 128 single bits} for X and H;
 *  - random inputs, plus "carry stress" inputs whose 32-bit words are 0, all-ones or random
 *    (all-ones operands give the largest column sums inside the integer multiplies);
 *  - whole GHASH chains of 1..40 blocks, as aes256gcm.c runs them.
 * argv[1] (vectors dir) is accepted like every test and unused; argv[2], if given, is the
 * random seed (decimal). Prints "N passed, N failed" last. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

#include "ghash32.h"
#if defined(__SIZEOF_INT128__)
#include "ghash64.h"
#endif

typedef uint8_t blk16[16];

static uint64_t g_rng = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t rnd64(void) /* xorshift64* */
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * UINT64_C(0x2545F4914F6CDD1D);
}

static void rnd_block(uint8_t b[16], int stress)
{
    int w, i;
    for (w = 0; w < 4; ++w) {
        uint64_t r = rnd64();
        int kind = stress ? (int)(r >> 62) : 3; /* 0: zeros, 1: ones, else random */
        for (i = 0; i < 4; ++i) {
            b[4 * w + i] = kind == 0 ? 0x00 : kind == 1 ? 0xFF : (uint8_t)(r >> (8 * i));
        }
    }
}

static uint64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; ++i) v = (v << 8) | p[i];
    return v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
    int i;
    for (i = 7; i >= 0; --i) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* ---- models ---------------------------------------------------------------------------- */

/* SP 800-38D Algorithm 1: Z = X * Y. Bit i of a block is bit 7 - (i % 8) of byte i / 8. */
static void model_mul(uint8_t z[16], const uint8_t x[16], const uint8_t y[16])
{
    uint8_t v[16], acc[16];
    int i, j;
    memcpy(v, y, 16);
    memset(acc, 0, 16);
    for (i = 0; i < 128; ++i) {
        if ((x[i / 8] >> (7 - i % 8)) & 1) {
            for (j = 0; j < 16; ++j) acc[j] ^= v[j];
        }
        int lsb = v[15] & 1;
        for (j = 15; j > 0; --j) v[j] = (uint8_t)((v[j] >> 1) | (v[j - 1] << 7));
        v[0] >>= 1;
        if (lsb) v[0] ^= 0xE1;
    }
    memcpy(z, acc, 16);
}

/* Independent schoolbook: coefficients as one byte each, product of degree <= 254, then
 * long division by x^128 + x^7 + x^2 + x + 1 from the top. */
static void schoolbook_mul(uint8_t z[16], const uint8_t x[16], const uint8_t y[16])
{
    uint8_t a[128], b[128], p[255];
    int i, j;
    for (i = 0; i < 128; ++i) {
        a[i] = (uint8_t)((x[i / 8] >> (7 - i % 8)) & 1);
        b[i] = (uint8_t)((y[i / 8] >> (7 - i % 8)) & 1);
    }
    memset(p, 0, sizeof p);
    for (i = 0; i < 128; ++i) {
        for (j = 0; j < 128; ++j) p[i + j] ^= (uint8_t)(a[i] & b[j]);
    }
    for (i = 254; i >= 128; --i) {
        if (p[i]) {
            p[i] = 0;
            p[i - 128] ^= 1;
            p[i - 128 + 1] ^= 1;
            p[i - 128 + 2] ^= 1;
            p[i - 128 + 7] ^= 1;
        }
    }
    memset(z, 0, 16);
    for (i = 0; i < 128; ++i) z[i / 8] |= (uint8_t)(p[i] << (7 - i % 8));
}

/* ---- the implementations under test, as z = x * h on blocks ----------------------------- */

typedef struct {
    const char *name;
    void (*mul)(uint8_t z[16], const uint8_t x[16], const uint8_t h[16]);
    void (*ghash)(uint8_t out[16], const uint8_t h[16], const uint8_t *blocks, size_t n);
} variant;

#define DEFINE_VARIANT(pfx)                                                                  \
    static void pfx##_mul_blk(uint8_t z[16], const uint8_t x[16], const uint8_t h[16])      \
    {                                                                                        \
        pfx##_ctx c;                                                                         \
        pfx##_setkey(&c, be64(h), be64(h + 8));                                              \
        c.y_hi = be64(x);                                                                    \
        c.y_lo = be64(x + 8);                                                                \
        pfx##_mul(&c);                                                                       \
        put_be64(z, c.y_hi);                                                                 \
        put_be64(z + 8, c.y_lo);                                                             \
    }                                                                                        \
    static void pfx##_ghash_blks(uint8_t out[16], const uint8_t h[16], const uint8_t *blocks, \
                                 size_t n)                                                   \
    {                                                                                        \
        pfx##_ctx c;                                                                         \
        size_t i;                                                                            \
        pfx##_setkey(&c, be64(h), be64(h + 8));                                              \
        for (i = 0; i < n; ++i) {                                                            \
            c.y_hi ^= be64(blocks + 16 * i);                                                 \
            c.y_lo ^= be64(blocks + 16 * i + 8);                                             \
            pfx##_mul(&c);                                                                   \
        }                                                                                    \
        put_be64(out, c.y_hi);                                                               \
        put_be64(out + 8, c.y_lo);                                                           \
    }

DEFINE_VARIANT(ghash32)
#if defined(__SIZEOF_INT128__)
DEFINE_VARIANT(ghash64)
#endif

static void model_ghash(uint8_t out[16], const uint8_t h[16], const uint8_t *blocks, size_t n)
{
    uint8_t y[16];
    size_t i;
    int j;
    memset(y, 0, 16);
    for (i = 0; i < n; ++i) {
        for (j = 0; j < 16; ++j) y[j] ^= blocks[16 * i + j];
        model_mul(y, y, h);
    }
    memcpy(out, y, 16);
}

/* ---- checks ---------------------------------------------------------------------------- */

static void hex_line(const char *what, const uint8_t b[16])
{
    int i;
    printf("    %s ", what);
    for (i = 0; i < 16; ++i) printf("%02x", b[i]);
    printf("\n");
}

/* One category: counts mismatches, records a single check, prints the first mismatch. */
typedef struct {
    const char *name;
    long cases, bad;
} tally;

static void compare(tally *t, const uint8_t *x, const uint8_t *h, const uint8_t got[16],
                    const uint8_t want[16])
{
    t->cases++;
    if (memcmp(got, want, 16) != 0 && t->bad++ == 0) {
        printf("  first mismatch in %s:\n", t->name);
        if (x != NULL) hex_line("X   ", x);
        hex_line("H   ", h);
        hex_line("got ", got);
        hex_line("want", want);
    }
}

static void finish(const tally *t, const char *variant_name)
{
    CHECK(t->cases > 0 && t->bad == 0, "%s / %s: %ld of %ld cases differ from the model",
          variant_name, t->name, t->bad, t->cases);
    printf("  %-8s %-34s %6ld cases, %ld mismatches\n", variant_name, t->name, t->cases, t->bad);
}

/* McGrew & Viega, "The Galois/Counter Mode of Operation", test case 2 (AES-128, zero key,
 * zero IV): H = 66e94bd4..., C = 0388dace..., len(A) = 0, len(C) = 128 bits. */
static const uint8_t k_tc2_h[16] = { 0x66, 0xe9, 0x4b, 0xd4, 0xef, 0x8a, 0x2c, 0x3b,
                                     0x88, 0x4c, 0xfa, 0x59, 0xca, 0x34, 0x2b, 0x2e };
static const uint8_t k_tc2_blocks[32] = { 0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
                                          0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78,
                                          0, 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 0, 0, 0, 0, 0x80 };
static const uint8_t k_tc2_ghash[16] = { 0xf3, 0x8c, 0xbb, 0x1a, 0xd6, 0x92, 0x23, 0xdc,
                                         0xc3, 0x45, 0x7a, 0xe5, 0xb6, 0xb0, 0xf8, 0x85 };

static void test_models(void)
{
    tally t_sb = { "model vs schoolbook (random+edge)", 0, 0 };
    tally t_tc = { "model: GCM paper test case 2", 0, 0 };
    uint8_t x[16], h[16], a[16], b[16];
    int i;
    model_ghash(a, k_tc2_h, k_tc2_blocks, 2);
    compare(&t_tc, NULL, k_tc2_h, a, k_tc2_ghash);
    finish(&t_tc, "model");
    for (i = 0; i < 600; ++i) {
        rnd_block(x, i & 1);
        rnd_block(h, (i >> 1) & 1);
        if (i < 128) { /* single bits against random H */
            memset(x, 0, 16);
            x[i / 8] = (uint8_t)(0x80 >> (i % 8));
        }
        model_mul(a, x, h);
        schoolbook_mul(b, x, h);
        compare(&t_sb, x, h, a, b);
    }
    finish(&t_sb, "model");
}

#define N_EDGE 130

static void edge_value(uint8_t b[16], int k) /* 0: zero, 1: all-ones, 2 + i: bit i alone */
{
    memset(b, k == 1 ? 0xFF : 0x00, 16);
    if (k >= 2) b[(k - 2) / 8] = (uint8_t)(0x80 >> ((k - 2) % 8));
}

static void test_variant(const variant *v, long n_random, int n_chains)
{
    tally t_tc = { "GCM paper test case 2 GHASH", 0, 0 };
    tally t_edge = { "edge pairs (0, ones, single bits)", 0, 0 };
    tally t_rnd = { "random pairs", 0, 0 };
    tally t_str = { "carry-stress pairs (0/ones words)", 0, 0 };
    tally t_chain = { "GHASH chains of 1..40 blocks", 0, 0 };
    uint8_t x[16], h[16], got[16], want[16];
    static uint8_t blocks[40 * 16];
    long i;
    int k, m;

    v->ghash(got, k_tc2_h, k_tc2_blocks, 2);
    compare(&t_tc, NULL, k_tc2_h, got, k_tc2_ghash);
    finish(&t_tc, v->name);

    for (k = 0; k < N_EDGE; ++k) {
        for (m = 0; m < N_EDGE; ++m) {
            edge_value(x, k);
            edge_value(h, m);
            v->mul(got, x, h);
            model_mul(want, x, h);
            compare(&t_edge, x, h, got, want);
        }
    }
    finish(&t_edge, v->name);

    for (i = 0; i < 2 * n_random; ++i) {
        tally *t = (i & 1) ? &t_str : &t_rnd;
        rnd_block(x, (int)(i & 1));
        rnd_block(h, (int)(i & 1));
        v->mul(got, x, h);
        model_mul(want, x, h);
        compare(t, x, h, got, want);
    }
    finish(&t_rnd, v->name);
    finish(&t_str, v->name);

    for (k = 0; k < n_chains; ++k) {
        size_t n = 1 + (size_t)(rnd64() % 40), j;
        rnd_block(h, k & 1);
        for (j = 0; j < n; ++j) rnd_block(blocks + 16 * j, k & 2);
        v->ghash(got, h, blocks, n);
        model_ghash(want, h, blocks, n);
        compare(&t_chain, NULL, h, got, want);
    }
    finish(&t_chain, v->name);
}

int main(int argc, char **argv)
{
    static const variant variants[] = {
        { "ghash32", ghash32_mul_blk, ghash32_ghash_blks },
#if defined(__SIZEOF_INT128__)
        { "ghash64", ghash64_mul_blk, ghash64_ghash_blks },
#endif
    };
    size_t i;
    (void)t_vectors_dir(argc, argv);
    if (argc > 2) g_rng = strtoull(argv[2], NULL, 10) | 1u;
    printf("seed %llu\n", (unsigned long long)g_rng);
    test_models();
    for (i = 0; i < sizeof variants / sizeof variants[0]; ++i) {
        test_variant(&variants[i], 20000, 300);
    }
#if !defined(__SIZEOF_INT128__)
    printf("  (no unsigned __int128 here: ghash64 not built)\n");
#endif
    return t_finish("ghash");
}
