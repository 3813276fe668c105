/*
 * hmac_sha256.c - HMAC-SHA256 (RFC 2104) on the mbedtls_sha256_* streaming API.
 *
 * Zero heap: mbedtls_md_setup()/mbedtls_md_hmac() calloc their context in Mbed TLS 2.28, so
 * we build HMAC ourselves from two stack SHA-256 contexts (inner and outer), which never
 * allocate. Every key-derived byte on the stack is wiped on every exit path.
 */
#include <string.h>

#include "usmp_internal.h"

#define BLOCK 64u

static int hash_once(uint8_t out[32], const uint8_t *msg, size_t len)
{
    mbedtls_sha256_context c;
    int rc;
    mbedtls_sha256_init(&c);
    rc = usmp_sha256_starts(&c);
    if (rc == 0) {
        rc = usmp_sha256_update(&c, msg, len);
    }
    if (rc == 0) {
        rc = usmp_sha256_finish(&c, out);
    }
    mbedtls_sha256_free(&c);
    return rc == 0 ? USMP_S_OK : USMP_S_CRYPTO;
}

/* K0 = key padded to 64 bytes, or SHA-256(key) padded when the key is longer (RFC 2104 §2). */
static int block_key(uint8_t k0[BLOCK], const uint8_t *key, size_t key_len)
{
    memset(k0, 0, BLOCK);
    if (key_len > BLOCK) {
        return hash_once(k0, key, key_len);
    }
    if (key_len > 0) {
        memcpy(k0, key, key_len);
    }
    return USMP_S_OK;
}

static int start_padded(mbedtls_sha256_context *c, const uint8_t k0[BLOCK], uint8_t pad)
{
    uint8_t blk[BLOCK];
    size_t i;
    int rc;
    for (i = 0; i < BLOCK; i++) {
        blk[i] = (uint8_t)(k0[i] ^ pad);
    }
    rc = usmp_sha256_starts(c);
    if (rc == 0) {
        rc = usmp_sha256_update(c, blk, BLOCK);
    }
    usmp_wipe(blk, sizeof blk);
    return rc == 0 ? USMP_S_OK : USMP_S_CRYPTO;
}

int usmp_hmac_start(usmp_hmac_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint8_t k0[BLOCK];
    int st;
    mbedtls_sha256_init(&ctx->inner);
    mbedtls_sha256_init(&ctx->outer);
    st = block_key(k0, key, key_len);
    if (st == USMP_S_OK) {
        st = start_padded(&ctx->inner, k0, 0x36u);
    }
    if (st == USMP_S_OK) {
        st = start_padded(&ctx->outer, k0, 0x5Cu);
    }
    usmp_wipe(k0, sizeof k0);
    if (st != USMP_S_OK) {
        usmp_hmac_wipe(ctx);
    }
    return st;
}

int usmp_hmac_update(usmp_hmac_ctx *ctx, const uint8_t *msg, size_t len)
{
    if (len == 0) {
        return USMP_S_OK;
    }
    return usmp_sha256_update(&ctx->inner, msg, len) == 0 ? USMP_S_OK : USMP_S_CRYPTO;
}

int usmp_hmac_finish(usmp_hmac_ctx *ctx, uint8_t mac[32])
{
    uint8_t ih[32];
    int rc = usmp_sha256_finish(&ctx->inner, ih);
    if (rc == 0) {
        rc = usmp_sha256_update(&ctx->outer, ih, sizeof ih);
    }
    if (rc == 0) {
        rc = usmp_sha256_finish(&ctx->outer, mac);
    }
    usmp_wipe(ih, sizeof ih);
    usmp_hmac_wipe(ctx);
    if (rc != 0) {
        usmp_wipe(mac, 32);
        return USMP_S_CRYPTO;
    }
    return USMP_S_OK;
}

void usmp_hmac_wipe(usmp_hmac_ctx *ctx)
{
    mbedtls_sha256_free(&ctx->inner);
    mbedtls_sha256_free(&ctx->outer);
    usmp_wipe(ctx, sizeof *ctx);
}

int usmp_hmac_sha256(uint8_t mac[32], const uint8_t *key, size_t key_len, const uint8_t *msg,
                     size_t msg_len)
{
    usmp_hmac_ctx ctx;
    int st;
    if (mac == NULL || (key == NULL && key_len != 0) || (msg == NULL && msg_len != 0)) {
        if (mac != NULL) {
            usmp_wipe(mac, 32);
        }
        return USMP_S_ARG;
    }
    st = usmp_hmac_start(&ctx, key, key_len);
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, msg, msg_len);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_finish(&ctx, mac);
    }
    usmp_hmac_wipe(&ctx);
    if (st != USMP_S_OK) {
        usmp_wipe(mac, 32);
    }
    return st;
}
