/*
 * usmp_internal.h - helpers shared by the core's .c files. Not part of the contract.
 */
#ifndef USMP_INTERNAL_H
#define USMP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "usmp_mbedtls_compat.h"
#include "usmp_native.h"

/* Declassification for the valgrind constant-time check (tests/ct_check.c).
 * Only the PUBLIC outcome of a secret computation (did a tag/proof verify, was the shared
 * secret all-zero) is declassified, right before the core branches on it. In every other
 * build this is a no-op. */
#if defined(USMP_CT_CHECK)
#include <valgrind/memcheck.h>
#define USMP_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define USMP_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* Little-endian helpers (the wire is LE, §1). */
static inline void usmp_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

static inline void usmp_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static inline uint16_t usmp_get_le16(const uint8_t *p)
{
    return (uint16_t)((uint16_t)p[0] | (uint16_t)((uint16_t)p[1] << 8));
}

static inline uint32_t usmp_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* mbedTLS return code -> our status. */
#define USMP_MBEDTLS_OK(rc) ((rc) == 0)

/* ---- streaming HMAC-SHA256 on stack SHA-256 contexts (hmac_sha256.c) ---- */
typedef struct {
    mbedtls_sha256_context inner;
    mbedtls_sha256_context outer;
} usmp_hmac_ctx;

int usmp_hmac_start(usmp_hmac_ctx *ctx, const uint8_t *key, size_t key_len);
int usmp_hmac_update(usmp_hmac_ctx *ctx, const uint8_t *msg, size_t len);
int usmp_hmac_finish(usmp_hmac_ctx *ctx, uint8_t mac[32]);
void usmp_hmac_wipe(usmp_hmac_ctx *ctx);

/* CRC-16/MODBUS over several pieces: start with crc = 0xFFFF (crc16.c). */
uint16_t usmp_crc16_update(uint16_t crc, const uint8_t *data, size_t len);

/* GCM nonce for a session frame, §5: seq LE ‖ session_id[0:8]. */
void usmp_frame_nonce(uint8_t nonce[12], uint32_t seq, const uint8_t session_id[16]);

/* Constant-time compare of a received 32-byte HMAC proof with the expected one; the verdict
 * (1 = match) is public (handshake.c, used by the client and server consumers). */
int usmp_proof_matches(const uint8_t expect[32], const uint8_t *got);

#endif /* USMP_INTERNAL_H */
