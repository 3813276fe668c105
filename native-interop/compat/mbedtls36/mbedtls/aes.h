/*
 * Declaration-only stand-in for Mbed TLS 3.6's mbedtls/aes.h (USMP compat check): only the
 * block-cipher calls our GCM uses. Signatures as in 3.6 (unchanged since 2.x).
 */
#ifndef MBEDTLS_AES_H
#define MBEDTLS_AES_H

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/build_info.h"

#define MBEDTLS_AES_ENCRYPT 1
#define MBEDTLS_AES_DECRYPT 0
#define MBEDTLS_ERR_AES_INVALID_KEY_LENGTH -0x0020
#define MBEDTLS_ERR_AES_INVALID_INPUT_LENGTH -0x0022
#define MBEDTLS_ERR_AES_BAD_INPUT_DATA -0x0021

#if !defined(MBEDTLS_AES_ALT) /* mbedTLS's own (table-based) software AES */
typedef struct mbedtls_aes_context {
    int MBEDTLS_PRIVATE(nr);
    size_t MBEDTLS_PRIVATE(rk_offset);
    uint32_t MBEDTLS_PRIVATE(buf)[68];
} mbedtls_aes_context;
#else /* as 3.6: an alternative implementation provides the context and the functions */
#include "aes_alt.h"
#endif

#if !defined(MBEDTLS_AES_ALT)
void mbedtls_aes_init(mbedtls_aes_context *ctx);
void mbedtls_aes_free(mbedtls_aes_context *ctx);
int mbedtls_aes_setkey_enc(mbedtls_aes_context *ctx, const unsigned char *key,
                           unsigned int keybits);
int mbedtls_aes_crypt_ecb(mbedtls_aes_context *ctx, int mode, const unsigned char input[16],
                          unsigned char output[16]);
#endif

#endif
