/* Declaration-only stand-in for ESP-IDF components/mbedtls/port/include/aes_alt.h (USMP compat
 * check): with MBEDTLS_AES_ALT, mbedtls_aes_context is the peripheral driver's context and the
 * mbedtls_aes_* calls we make are the driver's esp_aes_* functions. */
#ifndef USMP_COMPAT_AES_ALT_H
#define USMP_COMPAT_AES_ALT_H
#include <stdint.h>
#if defined(MBEDTLS_AES_ALT)
typedef struct {
    uint8_t key_bytes;
    volatile uint8_t key_in_hardware;
    uint8_t key[32];
} esp_aes_context;
void esp_aes_init(esp_aes_context *ctx);
void esp_aes_free(esp_aes_context *ctx);
int esp_aes_setkey(esp_aes_context *ctx, const unsigned char *key, unsigned int keybits);
int esp_aes_crypt_ecb(esp_aes_context *ctx, int mode, const unsigned char input[16],
                      unsigned char output[16]);
typedef esp_aes_context mbedtls_aes_context;
#define mbedtls_aes_init esp_aes_init
#define mbedtls_aes_free esp_aes_free
#define mbedtls_aes_setkey_enc esp_aes_setkey
#define mbedtls_aes_crypt_ecb esp_aes_crypt_ecb
#endif
#endif
