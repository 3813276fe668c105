/*
 * aes_block.c - the AES-256 block backend (see aes_block.h for the selection rules).
 */
#include <string.h>

#include "aes_block.h"
#include "usmp_native.h"

#if !defined(ESP_PLATFORM) && !defined(MBEDTLS_AES_ALT) /* a host's own mbedTLS */
#if defined(MBEDTLS_AESNI_C) && MBEDTLS_VERSION_NUMBER < 0x03000000
#include <mbedtls/aesni.h>
#endif

/* 1 if this mbedTLS runs AES with AES-NI on this CPU (the same probe its aes.c makes). */
static int mbedtls_uses_aesni(void)
{
#if defined(MBEDTLS_AESNI_C) && MBEDTLS_VERSION_NUMBER < 0x03000000 && defined(MBEDTLS_HAVE_X86_64)
    return mbedtls_aesni_has_support(MBEDTLS_AESNI_AES) != 0;
#else
    return 0;
#endif
}
#endif

/* 1 when our constant-time AES is the one to run. */
static int pick_ct(void)
{
#if USMP_AES_HAVE_CT && USMP_AES_HAVE_MBEDTLS
    return !mbedtls_uses_aesni(); /* host AUTO: never mbedTLS's table fallback */
#elif USMP_AES_HAVE_CT
    return 1;
#else
    return 0;
#endif
}

const char *usmp_aes_backend_name(void)
{
    if (pick_ct()) {
        return "usmp-ct-bitsliced";
    }
#if defined(ESP_PLATFORM) || defined(MBEDTLS_AES_ALT)
    return "mbedtls-alt";
#else
    return mbedtls_uses_aesni() ? "mbedtls-aesni" : "mbedtls-software-tables";
#endif
}

int usmp_aes_setkey(usmp_aes_ctx *ctx, const uint8_t key[32])
{
    memset(ctx, 0, sizeof *ctx);
    ctx->use_ct = pick_ct();
#if USMP_AES_HAVE_CT
    if (ctx->use_ct) {
        usmp_aes_ct_setkey(&ctx->u.ct, key);
        return 0;
    }
#endif
#if USMP_AES_HAVE_MBEDTLS
    mbedtls_aes_init(&ctx->u.mb);
    return mbedtls_aes_setkey_enc(&ctx->u.mb, key, 256) == 0 ? 0 : -1;
#else
    return -1;
#endif
}

int usmp_aes_encrypt(usmp_aes_ctx *ctx, const uint8_t *in, uint8_t *out, size_t n)
{
    if (n == 0 || n > USMP_AES_BATCH) {
        return -1;
    }
#if USMP_AES_HAVE_CT
    if (ctx->use_ct) {
        usmp_aes_ct_encrypt(&ctx->u.ct, in, out, n);
        return 0;
    }
#endif
#if USMP_AES_HAVE_MBEDTLS
    {
        size_t i;
        for (i = 0; i < n; i++) {
            if (mbedtls_aes_crypt_ecb(&ctx->u.mb, MBEDTLS_AES_ENCRYPT, in + 16 * i, out + 16 * i) !=
                0) {
                return -1;
            }
        }
        return 0;
    }
#else
    (void)in;
    (void)out;
    return -1;
#endif
}

void usmp_aes_free(usmp_aes_ctx *ctx)
{
#if USMP_AES_HAVE_MBEDTLS
    if (!ctx->use_ct) {
        mbedtls_aes_free(&ctx->u.mb); /* no-op on a zeroed, never-initialised context */
    }
#endif
    usmp_wipe(ctx, sizeof *ctx);
}
