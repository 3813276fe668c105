/*
 * aes_ct.c - constant-time AES-256 encryption, bitsliced, written from FIPS-197 (no table).
 *
 * Why: a table-based software AES (mbedTLS's own, which runs where there is no AES-NI and no
 * AES peripheral) indexes its tables with key and state bytes, and the cache then leaks them.
 * Here no memory address and no branch depends on the key or the data: the time and the access
 * pattern depend on the number of blocks only.
 *
 * Representation ("bitsliced"): up to 4 blocks = 64 bytes are processed together. Byte p of the
 * 64 (p = 16 * block + 4 * column + row, the FIPS-197 §3.4 input order) is spread over eight
 * 64-bit words s[0..7]: bit p of s[b] is bit b of byte p. Every AES step becomes a fixed
 * sequence of AND/XOR/shift on these words:
 *  - SubBytes (§5.1.1): the multiplicative inverse in GF(2^8) = GF(2)[x]/(x^8+x^4+x^3+x+1),
 *    computed as x^254 (x^255 = 1 for x != 0, and 0 maps to 0 as §5.1.1 requires) with
 *    bitsliced multiplications and squarings, then the affine transformation (§5.1.1 eq. 5.1).
 *  - ShiftRows (§5.1.2): row r rotates by r columns = a fixed bit rotation inside each 16-bit
 *    lane (one lane per block).
 *  - MixColumns (§5.1.3): s'_r = 2*s_r ^ 3*s_{r+1} ^ s_{r+2} ^ s_{r+3}, rows of one column
 *    being 4 adjacent bit positions; multiplication by x ("xtime", §4.2.1) moves bit planes.
 *  - AddRoundKey (§5.1.4) with the key schedule of §5.2, itself computed with the same S-box.
 * The S-box is not stored anywhere; tests/test_aes_ct.c checks all 256 values against a
 * brute-force inverse and the cipher against FIPS-197 Appendix C.3 and mbedTLS.
 *
 * Every intermediate value lives in a scratch structure wiped before return.
 */
#include <string.h>

#include "aes_block.h" /* USMP_AES_HAVE_CT: compiled only where a build can select it */
#include "aes_ct.h"
#include "usmp_native.h"

#if USMP_AES_HAVE_CT

typedef uint64_t w64;

/* ---- GF(2^8), bitsliced: a[i] holds the coefficient of x^i of 64 field elements ---------- */

/* Reduction of c0..c14 (a product of degree <= 14) mod x^8 + x^4 + x^3 + x + 1, highest term
 * first: x^k = x^(k-8) * x^8 = x^(k-4) + x^(k-5) + x^(k-7) + x^(k-8). */
#define GF_FOLD(k, a, b, c, d) (a ^= k, b ^= k, c ^= k, d ^= k)
#define GF_REDUCE()                         \
    (GF_FOLD(c14, c10, c9, c7, c6),         \
     GF_FOLD(c13, c9, c8, c6, c5),          \
     GF_FOLD(c12, c8, c7, c5, c4),          \
     GF_FOLD(c11, c7, c6, c4, c3),          \
     GF_FOLD(c10, c6, c5, c3, c2),          \
     GF_FOLD(c9, c5, c4, c2, c1),           \
     GF_FOLD(c8, c4, c3, c1, c0))
#define GF_STORE(r) \
    (r[0] = c0, r[1] = c1, r[2] = c2, r[3] = c3, r[4] = c4, r[5] = c5, r[6] = c6, r[7] = c7)

/* r = a * b (r may alias a or b): schoolbook product, 64 AND + 49 XOR, then the reduction.
 * Written out so that every compiler keeps it in registers without unrolling flags. */
static void gf_mul(w64 r[8], const w64 a[8], const w64 b[8])
{
    const w64 a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6],
              a7 = a[7];
    const w64 b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6],
              b7 = b[7];
    w64 c0 = a0 & b0;
    w64 c1 = (a0 & b1) ^ (a1 & b0);
    w64 c2 = (a0 & b2) ^ (a1 & b1) ^ (a2 & b0);
    w64 c3 = (a0 & b3) ^ (a1 & b2) ^ (a2 & b1) ^ (a3 & b0);
    w64 c4 = (a0 & b4) ^ (a1 & b3) ^ (a2 & b2) ^ (a3 & b1) ^ (a4 & b0);
    w64 c5 = (a0 & b5) ^ (a1 & b4) ^ (a2 & b3) ^ (a3 & b2) ^ (a4 & b1) ^ (a5 & b0);
    w64 c6 = (a0 & b6) ^ (a1 & b5) ^ (a2 & b4) ^ (a3 & b3) ^ (a4 & b2) ^ (a5 & b1) ^ (a6 & b0);
    w64 c7 = (a0 & b7) ^ (a1 & b6) ^ (a2 & b5) ^ (a3 & b4) ^ (a4 & b3) ^ (a5 & b2) ^ (a6 & b1) ^
             (a7 & b0);
    w64 c8 = (a1 & b7) ^ (a2 & b6) ^ (a3 & b5) ^ (a4 & b4) ^ (a5 & b3) ^ (a6 & b2) ^ (a7 & b1);
    w64 c9 = (a2 & b7) ^ (a3 & b6) ^ (a4 & b5) ^ (a5 & b4) ^ (a6 & b3) ^ (a7 & b2);
    w64 c10 = (a3 & b7) ^ (a4 & b6) ^ (a5 & b5) ^ (a6 & b4) ^ (a7 & b3);
    w64 c11 = (a4 & b7) ^ (a5 & b6) ^ (a6 & b5) ^ (a7 & b4);
    w64 c12 = (a5 & b7) ^ (a6 & b6) ^ (a7 & b5);
    w64 c13 = (a6 & b7) ^ (a7 & b6);
    w64 c14 = a7 & b7;
    GF_REDUCE();
    GF_STORE(r);
}

/* r = a^2 (r may alias a): squaring is linear over GF(2), (sum a_i x^i)^2 = sum a_i x^(2i). */
static void gf_sq(w64 r[8], const w64 a[8])
{
    w64 c0 = a[0], c1 = 0, c2 = a[1], c3 = 0, c4 = a[2], c5 = 0, c6 = a[3], c7 = 0;
    w64 c8 = a[4], c9 = 0, c10 = a[5], c11 = 0, c12 = a[6], c13 = 0, c14 = a[7];
    GF_REDUCE();
    GF_STORE(r);
}

typedef struct {
    w64 x2[8], x3[8], x12[8], t[8];
} sbox_tmp;

/* SubBytes on all 64 byte positions: s = Affine(s^254). The addition chain
 * 2, 3, 6, 12, 15, 14, 30, 60, 120, 240, 254 takes 7 squarings and 4 multiplications. */
static void sub_bytes(w64 s[8], sbox_tmp *t)
{
    int i;
    gf_sq(t->x2, s);               /* x^2 */
    gf_mul(t->x3, t->x2, s);       /* x^3 */
    gf_sq(t->t, t->x3);            /* x^6 */
    gf_sq(t->x12, t->t);           /* x^12 */
    gf_mul(t->x3, t->x12, t->x3);  /* x^15 (x3 no longer needed) */
    gf_mul(t->x2, t->x12, t->x2);  /* x^14 (x2 no longer needed) */
    gf_sq(t->t, t->x3);            /* x^30 */
    gf_sq(t->t, t->t);             /* x^60 */
    gf_sq(t->t, t->t);             /* x^120 */
    gf_sq(t->t, t->t);             /* x^240 */
    gf_mul(t->t, t->t, t->x2);     /* x^254 = the inverse (0 for 0) */
    /* b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i, c = 0x63 (§5.1.1) */
    for (i = 0; i < 8; i++) {
        s[i] = t->t[i] ^ t->t[(i + 4) & 7] ^ t->t[(i + 5) & 7] ^ t->t[(i + 6) & 7] ^
               t->t[(i + 7) & 7] ^ ((w64)0 - (w64)((0x63u >> i) & 1u));
    }
}

/* ---- ShiftRows and MixColumns on bit positions -------------------------------------------- */

#define ROW0 UINT64_C(0x1111111111111111)
#define ROW1 UINT64_C(0x2222222222222222)
#define ROW2 UINT64_C(0x4444444444444444)
#define ROW3 UINT64_C(0x8888888888888888)

/* Rotate every 16-bit lane right by k bit positions: new bit q = old bit (q + k) mod 16. */
#define LANE_ROTR(x, k, lo, hi) ((((x) >> (k)) & (lo)) | (((x) << (16 - (k))) & (hi)))

/* §5.1.2: s'[r][c] = s[r][(c + r) mod 4]; position 4c + r takes position 4((c+r) mod 4) + r,
 * i.e. row r rotates by 4r positions inside its block's 16-bit lane. */
static void shift_rows(w64 s[8])
{
    int b;
    for (b = 0; b < 8; b++) {
        w64 x = s[b];
        s[b] = (x & ROW0) |
               LANE_ROTR(x & ROW1, 4, UINT64_C(0x0FFF0FFF0FFF0FFF), UINT64_C(0xF000F000F000F000)) |
               LANE_ROTR(x & ROW2, 8, UINT64_C(0x00FF00FF00FF00FF), UINT64_C(0xFF00FF00FF00FF00)) |
               LANE_ROTR(x & ROW3, 12, UINT64_C(0x000F000F000F000F), UINT64_C(0xFFF0FFF0FFF0FFF0));
    }
}

/* Inside every column (4 adjacent positions, rows 0..3): row r takes row (r + 1) mod 4. */
static w64 col_rot1(w64 x)
{
    return ((x >> 1) & (ROW0 | ROW1 | ROW2)) | ((x << 3) & ROW3);
}

/* Row r takes row (r + 2) mod 4. */
static w64 col_rot2(w64 x)
{
    return ((x >> 2) & (ROW0 | ROW1)) | ((x << 2) & (ROW2 | ROW3));
}

typedef struct {
    w64 a1[8], t[8];
} mix_tmp;

/* §5.1.3: s'_r = 2 s_r ^ 3 s_(r+1) ^ s_(r+2) ^ s_(r+3)
 *             = xtime(s_r ^ s_(r+1)) ^ s_(r+1) ^ (s_(r+2) ^ s_(r+3)). */
static void mix_columns(w64 s[8], mix_tmp *m)
{
    int b;
    w64 hi;
    for (b = 0; b < 8; b++) {
        m->a1[b] = col_rot1(s[b]);
        m->t[b] = s[b] ^ m->a1[b];
    }
    /* xtime (§4.2.1) of t: bit planes move up by one; x^8 = x^4 + x^3 + x + 1 folds plane 7
     * back into planes 0, 1, 3 and 4. */
    hi = m->t[7];
    s[7] = m->t[6] ^ m->a1[7] ^ col_rot2(m->t[7]);
    s[6] = m->t[5] ^ m->a1[6] ^ col_rot2(m->t[6]);
    s[5] = m->t[4] ^ m->a1[5] ^ col_rot2(m->t[5]);
    s[4] = m->t[3] ^ hi ^ m->a1[4] ^ col_rot2(m->t[4]);
    s[3] = m->t[2] ^ hi ^ m->a1[3] ^ col_rot2(m->t[3]);
    s[2] = m->t[1] ^ m->a1[2] ^ col_rot2(m->t[2]);
    s[1] = m->t[0] ^ hi ^ m->a1[1] ^ col_rot2(m->t[1]);
    s[0] = hi ^ m->a1[0] ^ col_rot2(m->t[0]);
}

/* §5.1.4, the 16-bit round-key plane repeated in each block's lane. */
static void add_round_key(w64 s[8], const uint16_t rk[8])
{
    int b;
    for (b = 0; b < 8; b++) {
        s[b] ^= (w64)rk[b] * UINT64_C(0x0001000100010001);
    }
}

/* ---- packing: bytes <-> bit planes --------------------------------------------------------- */

/* Transposes an 8x8 bit matrix: bit 8j + b moves to bit 8b + j (three "delta swaps"). */
static w64 transpose8(w64 x)
{
    w64 t;
    t = (x ^ (x >> 7)) & UINT64_C(0x00AA00AA00AA00AA);
    x ^= t ^ (t << 7);
    t = (x ^ (x >> 14)) & UINT64_C(0x0000CCCC0000CCCC);
    x ^= t ^ (t << 14);
    t = (x ^ (x >> 28)) & UINT64_C(0x00000000F0F0F0F0);
    x ^= t ^ (t << 28);
    return x;
}

static w64 load_le64(const uint8_t *p)
{
    w64 v = 0;
    int i;
    for (i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void store_le64(uint8_t *p, w64 v)
{
    int i;
    for (i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* 64 bytes -> s[b] (bit p = bit b of byte p). Byte 8g + j lands at bit 8g + j. */
static void pack(w64 s[8], const uint8_t in[64])
{
    int g, b;
    for (b = 0; b < 8; b++) {
        s[b] = 0;
    }
    for (g = 0; g < 8; g++) {
        w64 y = transpose8(load_le64(in + 8 * g)); /* byte b of y = bit b of the 8 bytes */
        for (b = 0; b < 8; b++) {
            s[b] |= ((y >> (8 * b)) & 0xFFu) << (8 * g);
        }
    }
}

static void unpack(uint8_t out[64], const w64 s[8])
{
    int g, b;
    for (g = 0; g < 8; g++) {
        w64 y = 0;
        for (b = 0; b < 8; b++) {
            y |= ((s[b] >> (8 * g)) & 0xFFu) << (8 * b);
        }
        store_le64(out + 8 * g, transpose8(y));
    }
}

/* ---- key schedule (§5.2, Nk = 8, Nr = 14) -------------------------------------------------- */

/* SubWord on 4 bytes, through the same bitsliced S-box (positions 0..3 used). */
static void sub_word(uint8_t w[4], w64 s[8], sbox_tmp *t)
{
    int b, j;
    for (b = 0; b < 8; b++) {
        s[b] = 0;
        for (j = 0; j < 4; j++) {
            s[b] |= (w64)((w[j] >> b) & 1u) << j;
        }
    }
    sub_bytes(s, t);
    for (j = 0; j < 4; j++) {
        uint8_t v = 0;
        for (b = 0; b < 8; b++) {
            v = (uint8_t)(v | (((s[b] >> j) & 1u) << b));
        }
        w[j] = v;
    }
}

void usmp_aes_ct_setkey(usmp_aes_ct_ctx *ctx, const uint8_t key[32])
{
    struct {
        uint8_t w[240]; /* w[0..59], 4 bytes each */
        uint8_t tmp[4];
        w64 s[8];
        sbox_tmp t;
    } k;
    uint8_t rcon = 0x01; /* x^(i/8 - 1), public */
    int i, j, r, b;
    memcpy(k.w, key, 32);
    for (i = 8; i < 60; i++) {
        memcpy(k.tmp, k.w + 4 * (i - 1), 4);
        if (i % 8 == 0) { /* RotWord, SubWord, Rcon */
            uint8_t first = k.tmp[0];
            k.tmp[0] = k.tmp[1];
            k.tmp[1] = k.tmp[2];
            k.tmp[2] = k.tmp[3];
            k.tmp[3] = first;
            sub_word(k.tmp, k.s, &k.t);
            k.tmp[0] ^= rcon;
            rcon = (uint8_t)(rcon << 1); /* at most 0x40 for AES-256: no reduction */
        } else if (i % 8 == 4) {
            sub_word(k.tmp, k.s, &k.t);
        }
        for (j = 0; j < 4; j++) {
            k.w[4 * i + j] = (uint8_t)(k.w[4 * (i - 8) + j] ^ k.tmp[j]);
        }
    }
    for (r = 0; r < 15; r++) {
        w64 lo = transpose8(load_le64(k.w + 16 * r));
        w64 hi = transpose8(load_le64(k.w + 16 * r + 8));
        for (b = 0; b < 8; b++) {
            ctx->rk[r][b] = (uint16_t)(((lo >> (8 * b)) & 0xFFu) | (((hi >> (8 * b)) & 0xFFu) << 8));
        }
    }
    usmp_wipe(&k, sizeof k);
}

void usmp_aes_ct_encrypt(const usmp_aes_ct_ctx *ctx, const uint8_t *in, uint8_t *out, size_t n)
{
    struct {
        uint8_t buf[64];
        w64 s[8];
        sbox_tmp t;
        mix_tmp m;
    } x;
    int r;
    if (n == 0 || n > USMP_AES_CT_BATCH) {
        return;
    }
    memset(x.buf, 0, sizeof x.buf);
    memcpy(x.buf, in, 16 * n);
    pack(x.s, x.buf);
    add_round_key(x.s, ctx->rk[0]);
    for (r = 1; r < 14; r++) {
        sub_bytes(x.s, &x.t);
        shift_rows(x.s);
        mix_columns(x.s, &x.m);
        add_round_key(x.s, ctx->rk[r]);
    }
    sub_bytes(x.s, &x.t);
    shift_rows(x.s);
    add_round_key(x.s, ctx->rk[14]);
    unpack(x.buf, x.s);
    memcpy(out, x.buf, 16 * n);
    usmp_wipe(&x, sizeof x);
}
#else
typedef int usmp_aes_ct_unused; /* ESP32 build on the AES peripheral: ISO C forbids an empty unit */
#endif
