/*
 * aes256gcm.c - AES-256-GCM (NIST SP 800-38D) with our own GCM mode over the mbedTLS AES
 * block function.
 *
 * Why not mbedtls_gcm_*:
 *  - zero heap: mbedtls_gcm_setkey() goes through mbedtls_cipher_setup(), which callocs the
 *    cipher context in Mbed TLS 2.28. Here the only state is a stack AES context
 *    (usmp_aes_ctx: mbedtls_aes_setkey_enc + mbedtls_aes_crypt_ecb, or aes_ct.c, neither
 *    allocates) and a few words.
 *  - constant-time GHASH: mbedTLS's software GHASH multiplies with a 4-bit table indexed by
 *    bits of the secret-dependent accumulator (Shoup's method), which leaks through the data
 *    cache on chips without hardware GCM such as the ESP32. Our multiply (ghash64.h on hosts
 *    with unsigned __int128, ghash32.h on the 32-bit targets or with -DUSMP_GHASH_FORCE_32)
 *    is a carry-less product built from integer multiplies on operands with zero gaps between
 *    their bits, then a shift/xor reduction: no branch and no memory index depends on H or
 *    on the data.
 *
 * Tag comparison is constant time (usmp_ct_equal); on a mismatch no plaintext is produced and
 * the output buffer is zeroed.
 */
#include <string.h>

#include "aes_block.h"
#include "usmp_internal.h"

#if defined(__SIZEOF_INT128__) && !defined(USMP_GHASH_FORCE_32)
#include "ghash64.h"
typedef ghash64_ctx ghash_ctx;
#define ghash_setkey ghash64_setkey
#define ghash_mul ghash64_mul
#else
#include "ghash32.h"
typedef ghash32_ctx ghash_ctx;
#define ghash_setkey ghash32_setkey
#define ghash_mul ghash32_mul
#endif

#define BLK 16u

typedef struct {
    usmp_aes_ctx aes;
    ghash_ctx gh;        /* hash subkey H = E_K(0^128) (prepared) and the GHASH accumulator */
    uint8_t j0[BLK];     /* pre-counter block */
    uint8_t ekj0[BLK];   /* E_K(J0), the tag mask */
    uint8_t cb[BLK];     /* running counter block */
    uint8_t ks[USMP_AES_BATCH * BLK]; /* key stream: up to one AES batch of counter blocks */
} gcm_state;

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void store_be64(uint8_t *p, uint64_t v)
{
    int i;
    for (i = 7; i >= 0; i--) {
        p[i] = (uint8_t)(v & 0xFFu);
        v >>= 8;
    }
}

/* Absorb data into GHASH, zero-padding the last partial block. */
static void ghash_update(gcm_state *g, const uint8_t *data, size_t len)
{
    uint8_t blk[BLK];
    for (; len >= BLK; data += BLK, len -= BLK) {
        g->gh.y_hi ^= load_be64(data);
        g->gh.y_lo ^= load_be64(data + 8);
        ghash_mul(&g->gh);
    }
    if (len > 0) { /* the last partial block, zero-padded */
        memset(blk, 0, BLK);
        memcpy(blk, data, len);
        g->gh.y_hi ^= load_be64(blk);
        g->gh.y_lo ^= load_be64(blk + 8);
        ghash_mul(&g->gh);
        usmp_wipe(blk, sizeof blk);
    }
}

static void ghash_lengths(gcm_state *g, uint64_t a_len, uint64_t c_len)
{
    g->gh.y_hi ^= a_len * 8u;
    g->gh.y_lo ^= c_len * 8u;
    ghash_mul(&g->gh);
}

static void inc32(uint8_t cb[BLK])
{
    uint32_t c = ((uint32_t)cb[12] << 24) | ((uint32_t)cb[13] << 16) | ((uint32_t)cb[14] << 8) |
                 (uint32_t)cb[15];
    c++;
    cb[12] = (uint8_t)(c >> 24);
    cb[13] = (uint8_t)(c >> 16);
    cb[14] = (uint8_t)(c >> 8);
    cb[15] = (uint8_t)c;
}

/* Key schedule, H = E_K(0^128), J0 (96-bit IV: IV || 0^31 || 1; otherwise GHASH of the padded
 * IV) and E_K(J0). With a 96-bit IV, H and E_K(J0) come from one two-block AES call. */
static int gcm_start(gcm_state *g, const uint8_t key[32], const uint8_t *iv, size_t iv_len)
{
    memset(g, 0, sizeof *g);
    if (usmp_aes_setkey(&g->aes, key) != 0) {
        return USMP_S_CRYPTO;
    }
    /* g->ks[0..16) = 0^128 (memset above) */
    if (iv_len == 12u) {
        memcpy(g->j0, iv, 12);
        g->j0[15] = 1;
        memcpy(g->ks + BLK, g->j0, BLK);
        if (usmp_aes_encrypt(&g->aes, g->ks, g->ks, 2) != 0) {
            return USMP_S_CRYPTO;
        }
        memcpy(g->ekj0, g->ks + BLK, BLK);
        ghash_setkey(&g->gh, load_be64(g->ks), load_be64(g->ks + 8));
    } else {
        if (usmp_aes_encrypt(&g->aes, g->ks, g->ks, 1) != 0) {
            return USMP_S_CRYPTO;
        }
        ghash_setkey(&g->gh, load_be64(g->ks), load_be64(g->ks + 8));
        ghash_update(g, iv, iv_len);
        ghash_lengths(g, 0, (uint64_t)iv_len);
        store_be64(g->j0, g->gh.y_hi);
        store_be64(g->j0 + 8, g->gh.y_lo);
        g->gh.y_hi = 0;
        g->gh.y_lo = 0;
        if (usmp_aes_encrypt(&g->aes, g->j0, g->ekj0, 1) != 0) {
            return USMP_S_CRYPTO;
        }
    }
    memcpy(g->cb, g->j0, BLK);
    return USMP_S_OK;
}

/* GCTR from inc32(J0): out = in XOR key stream, up to USMP_AES_BATCH counter blocks per AES
 * call. in and out may be the same buffer. */
static int gcm_ctr(gcm_state *g, uint8_t *out, const uint8_t *in, size_t len)
{
    size_t i;
    while (len > 0) {
        size_t take = len < sizeof g->ks ? len : sizeof g->ks;
        size_t blocks = (take + BLK - 1) / BLK;
        for (i = 0; i < blocks; i++) {
            inc32(g->cb);
            memcpy(g->ks + BLK * i, g->cb, BLK);
        }
        if (usmp_aes_encrypt(&g->aes, g->ks, g->ks, blocks) != 0) {
            return USMP_S_CRYPTO;
        }
        for (i = 0; i < take; i++) {
            out[i] = (uint8_t)(in[i] ^ g->ks[i]);
        }
        out += take;
        in += take;
        len -= take;
    }
    return USMP_S_OK;
}

/* T = E_K(J0) XOR GHASH(A, C). */
static void gcm_tag(gcm_state *g, uint8_t tag[BLK], const uint8_t *aad, size_t aad_len,
                    const uint8_t *ct, size_t ct_len)
{
    size_t i;
    ghash_update(g, aad, aad_len);
    ghash_update(g, ct, ct_len);
    ghash_lengths(g, (uint64_t)aad_len, (uint64_t)ct_len);
    store_be64(tag, g->gh.y_hi);
    store_be64(tag + 8, g->gh.y_lo);
    for (i = 0; i < BLK; i++) {
        tag[i] ^= g->ekj0[i];
    }
}

static void gcm_end(gcm_state *g)
{
    usmp_aes_free(&g->aes);
    usmp_wipe(g, sizeof *g);
}

/* SP 800-38D §5.2.1.1 limits: len(P) <= 2^39 - 256 bits, len(A) and len(IV) < 2^64 bits. */
static int lengths_ok(size_t iv_len, size_t aad_len, size_t text_len)
{
    const uint64_t max_text = (UINT64_C(1) << 36) - 32u;
    const uint64_t max_bytes = UINT64_C(0x1FFFFFFFFFFFFFFF);
    return iv_len > 0 && (uint64_t)text_len <= max_text && (uint64_t)aad_len <= max_bytes &&
           (uint64_t)iv_len <= max_bytes;
}

static int args_ok(const uint8_t *key, const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                   size_t aad_len, const uint8_t *in, const uint8_t *out, size_t len)
{
    return key != NULL && iv != NULL && (aad != NULL || aad_len == 0) &&
           ((in != NULL && out != NULL) || len == 0) && lengths_ok(iv_len, aad_len, len);
}

int usmp_aes256gcm_seal(uint8_t *ct, uint8_t tag[16], const uint8_t key[32], const uint8_t *iv,
                        size_t iv_len, const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                        size_t pt_len)
{
    gcm_state g;
    int st;
    if (tag == NULL || !args_ok(key, iv, iv_len, aad, aad_len, pt, ct, pt_len)) {
        if (tag != NULL) {
            usmp_wipe(tag, BLK);
        }
        if (ct != NULL) {
            usmp_wipe(ct, pt_len);
        }
        return USMP_S_ARG;
    }
    st = gcm_start(&g, key, iv, iv_len);
    if (st == USMP_S_OK) {
        st = gcm_ctr(&g, ct, pt, pt_len);
    }
    if (st == USMP_S_OK) {
        gcm_tag(&g, tag, aad, aad_len, ct, pt_len);
    }
    gcm_end(&g);
    if (st != USMP_S_OK) {
        usmp_wipe(ct, pt_len);
        usmp_wipe(tag, BLK);
    }
    return st;
}

int usmp_aes256gcm_open(uint8_t *pt, const uint8_t key[32], const uint8_t *iv, size_t iv_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t ct_len,
                        const uint8_t tag[16])
{
    gcm_state g;
    uint8_t expect[BLK];
    int ok = 0;
    int st;
    if (tag == NULL || !args_ok(key, iv, iv_len, aad, aad_len, ct, pt, ct_len)) {
        if (pt != NULL) {
            usmp_wipe(pt, ct_len);
        }
        return USMP_S_ARG;
    }
    st = gcm_start(&g, key, iv, iv_len);
    if (st == USMP_S_OK) {
        gcm_tag(&g, expect, aad, aad_len, ct, ct_len);
        ok = usmp_ct_equal(expect, tag, BLK);
        USMP_DECLASSIFY(&ok, sizeof ok); /* the verdict is public: it becomes the status */
        st = ok ? gcm_ctr(&g, pt, ct, ct_len) : USMP_S_AUTH;
    }
    gcm_end(&g);
    usmp_wipe(expect, sizeof expect);
    if (st != USMP_S_OK) {
        usmp_wipe(pt, ct_len);
    }
    return st;
}
