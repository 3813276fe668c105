/*
 * hkdf_sha256.c - HKDF-SHA256 (RFC 5869) on our stack-only HMAC (hmac_sha256.c).
 * Zero heap (mbedtls_hkdf goes through mbedtls_md_setup, which callocs in 2.28).
 */
#include <string.h>

#include "usmp_internal.h"

#define HASH_LEN 32u
#define MAX_OKM (255u * HASH_LEN) /* RFC 5869 §2.3: L <= 255 * HashLen */

/* PRK = HMAC(salt, IKM). An absent salt is HashLen zero bytes, which HMAC pads to the same
 * block as an empty key, so passing the (possibly empty) salt as is is exact. */
static int extract(uint8_t prk[HASH_LEN], const uint8_t *ikm, size_t ikm_len,
                   const uint8_t *salt, size_t salt_len)
{
    return usmp_hmac_sha256(prk, salt, salt_len, ikm, ikm_len);
}

/* T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i), i = 1..N. */
static int expand_block(uint8_t t[HASH_LEN], const uint8_t prk[HASH_LEN], size_t t_len,
                        const uint8_t *info, size_t info_len, uint8_t counter)
{
    usmp_hmac_ctx ctx;
    int st = usmp_hmac_start(&ctx, prk, HASH_LEN);
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, t, t_len);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, info, info_len);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, &counter, 1);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_finish(&ctx, t);
    }
    usmp_hmac_wipe(&ctx);
    return st;
}

static int expand(uint8_t *okm, size_t okm_len, const uint8_t prk[HASH_LEN],
                  const uint8_t *info, size_t info_len)
{
    uint8_t t[HASH_LEN];
    size_t done = 0;
    size_t t_len = 0;
    unsigned counter = 1;
    int st = USMP_S_OK;
    while (done < okm_len && st == USMP_S_OK) {
        size_t take = okm_len - done < HASH_LEN ? okm_len - done : HASH_LEN;
        st = expand_block(t, prk, t_len, info, info_len, (uint8_t)counter);
        if (st == USMP_S_OK) {
            memcpy(okm + done, t, take);
            done += take;
            t_len = HASH_LEN;
            counter++;
        }
    }
    usmp_wipe(t, sizeof t);
    return st;
}

int usmp_hkdf_sha256(uint8_t *okm, size_t okm_len, const uint8_t *ikm, size_t ikm_len,
                     const uint8_t *salt, size_t salt_len, const uint8_t *info, size_t info_len)
{
    uint8_t prk[HASH_LEN];
    int st;
    if ((okm == NULL && okm_len != 0) || (ikm == NULL && ikm_len != 0) ||
        (salt == NULL && salt_len != 0) || (info == NULL && info_len != 0)) {
        return USMP_S_ARG;
    }
    if (okm_len == 0 || okm_len > MAX_OKM) {
        usmp_wipe(okm, okm_len > MAX_OKM ? okm_len : 0);
        return USMP_S_ARG;
    }
    st = extract(prk, ikm, ikm_len, salt, salt_len);
    if (st == USMP_S_OK) {
        st = expand(okm, okm_len, prk, info, info_len);
    }
    usmp_wipe(prk, sizeof prk);
    if (st != USMP_S_OK) {
        usmp_wipe(okm, okm_len);
    }
    return st;
}
