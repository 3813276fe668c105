/*
 * Declaration-only stand-in for Mbed TLS 3.6's mbedtls/sha256.h (USMP compat check).
 * 3.x names: mbedtls_sha256_starts/update/finish, each returning int (the 2.28 *_ret names
 * were removed in 3.0), finish takes `unsigned char *output`.
 */
#ifndef MBEDTLS_SHA256_H
#define MBEDTLS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/build_info.h"

#define MBEDTLS_ERR_SHA256_BAD_INPUT_DATA -0x0074

typedef struct mbedtls_sha256_context {
    unsigned char MBEDTLS_PRIVATE(buffer)[64];
    uint32_t MBEDTLS_PRIVATE(total)[2];
    uint32_t MBEDTLS_PRIVATE(state)[8];
    int MBEDTLS_PRIVATE(is224);
} mbedtls_sha256_context;

void mbedtls_sha256_init(mbedtls_sha256_context *ctx);
void mbedtls_sha256_free(mbedtls_sha256_context *ctx);
void mbedtls_sha256_clone(mbedtls_sha256_context *dst, const mbedtls_sha256_context *src);
int mbedtls_sha256_starts(mbedtls_sha256_context *ctx, int is224);
int mbedtls_sha256_update(mbedtls_sha256_context *ctx, const unsigned char *input, size_t ilen);
int mbedtls_sha256_finish(mbedtls_sha256_context *ctx, unsigned char *output);
int mbedtls_sha256(const unsigned char *input, size_t ilen, unsigned char *output, int is224);

#endif
