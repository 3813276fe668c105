/*
 * aes_ct.h - our constant-time AES-256 encryption (aes_ct.c), written from FIPS-197.
 *
 * Used by the AES backend layer (aes_block.h) on hosts whose mbedTLS would fall back to its
 * table-based software AES (no AES-NI), and on any build that selects it explicitly
 * (-DUSMP_AES_BACKEND=USMP_AES_CT). Encryption only: GCM never runs the inverse cipher.
 */
#ifndef USMP_AES_CT_H
#define USMP_AES_CT_H

#include <stddef.h>
#include <stdint.h>

/* Blocks one call encrypts at most (one 64-bit bitsliced batch = 4 x 16 bytes). */
#define USMP_AES_CT_BATCH 4u

/* The AES-256 key schedule, kept bitsliced: rk[r][b] bit q = bit b of byte q of round key r
 * (byte q = 4 * column + row, the FIPS-197 order). 240 bytes, like the byte-wise schedule. */
typedef struct {
    uint16_t rk[15][8];
} usmp_aes_ct_ctx;

/* Expands a 256-bit key (FIPS-197 §5.2). Cannot fail. */
void usmp_aes_ct_setkey(usmp_aes_ct_ctx *ctx, const uint8_t key[32]);

/* Encrypts n (1..USMP_AES_CT_BATCH) consecutive 16-byte blocks of in into out (FIPS-197 §5.1).
 * in and out may overlap exactly. The time and the memory addresses touched depend on n only. */
void usmp_aes_ct_encrypt(const usmp_aes_ct_ctx *ctx, const uint8_t *in, uint8_t *out, size_t n);

#endif /* USMP_AES_CT_H */
