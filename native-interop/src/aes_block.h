/*
 * aes_block.h - the AES-256 block function under our GCM (aes256gcm.c), and which
 * implementation provides it. Constant time depends on the AES underneath:
 *
 *   USMP_AES_BACKEND  what runs
 *   USMP_AES_AUTO     (default) ESP-IDF: mbedTLS on the AES peripheral, and the build FAILS if
 *                     the configuration would give mbedTLS's table-based software AES.
 *                     Host: mbedTLS when it runs AES-NI on this CPU (asked at run time,
 *                     mbedtls_aesni_has_support), otherwise our constant-time AES (aes_ct.c),
 *                     never mbedTLS's table-based fallback.
 *   USMP_AES_CT       our constant-time bitsliced AES everywhere (the choice for a chip without
 *                     the AES peripheral, e.g. -DUSMP_AES_BACKEND=2 on an ESP32-C2).
 *   USMP_AES_MBEDTLS  mbedTLS whatever it does: on ESP-IDF the same check as AUTO; on a host it
 *                     exists only so the tests can show that the valgrind check catches
 *                     mbedTLS's table-based AES (tests/CMakeLists.txt, ct_check variants).
 *
 * Everything here is encryption only; GCM never uses the inverse cipher.
 */
#ifndef USMP_AES_BLOCK_H
#define USMP_AES_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "aes_ct.h"
#include "usmp_mbedtls_compat.h"

#define USMP_AES_AUTO 0
#define USMP_AES_MBEDTLS 1
#define USMP_AES_CT 2

#if !defined(USMP_AES_BACKEND)
#define USMP_AES_BACKEND USMP_AES_AUTO
#endif
#if USMP_AES_BACKEND != USMP_AES_AUTO && USMP_AES_BACKEND != USMP_AES_MBEDTLS && \
    USMP_AES_BACKEND != USMP_AES_CT
#error "USMP_AES_BACKEND must be USMP_AES_AUTO (0), USMP_AES_MBEDTLS (1) or USMP_AES_CT (2)"
#endif

/* ---- ESP-IDF: mbedTLS must run AES on the peripheral, never on its tables ------------------
 * ESP-IDF 5.x: components/mbedtls/port/include/mbedtls/esp_config.h defines MBEDTLS_AES_ALT iff
 * CONFIG_MBEDTLS_HARDWARE_AES (Kconfig: default y, depends on SOC_AES_SUPPORTED and
 * !SPIRAM_CACHE_WORKAROUND_STRATEGY_DUPLDST), and port/include/aes_alt.h then maps
 * mbedtls_aes_setkey_enc/crypt_ecb to esp_aes_* (the peripheral; no software fallback in those).
 * Without MBEDTLS_AES_ALT, mbedTLS compiles its own aes.c: T-tables indexed by key and data.
 * MBEDTLS_AES_ALT missing while CONFIG_MBEDTLS_HARDWARE_AES is set means this file was compiled
 * without -DMBEDTLS_CONFIG_FILE="mbedtls/esp_config.h": our mbedtls_aes_context would then not
 * even be the library's. */
#if defined(ESP_PLATFORM) && USMP_AES_BACKEND != USMP_AES_CT
#include "sdkconfig.h"
#if MBEDTLS_VERSION_NUMBER >= 0x04000000
#error "USMP: Mbed TLS 4 / TF-PSA (ESP-IDF 6) has no mbedtls_aes_* API; build with -DUSMP_AES_BACKEND=2 (our constant-time AES) or port aes_block.c to PSA"
#endif
#if !defined(CONFIG_MBEDTLS_HARDWARE_AES) || !CONFIG_MBEDTLS_HARDWARE_AES
#error "USMP: CONFIG_MBEDTLS_HARDWARE_AES is off, so mbedTLS would run its table-based software AES (secret-indexed loads, not constant time). Enable it (menuconfig: Component config > mbedTLS > Enable hardware AES acceleration; needs SOC_AES_SUPPORTED and not SPIRAM_CACHE_WORKAROUND_STRATEGY_DUPLDST), or build with -DUSMP_AES_BACKEND=2 for our constant-time software AES"
#endif
#if !defined(MBEDTLS_AES_ALT)
#error "USMP: CONFIG_MBEDTLS_HARDWARE_AES is set but MBEDTLS_AES_ALT is not: this file was not compiled with ESP-IDF's mbedTLS configuration (-DMBEDTLS_CONFIG_FILE=\"mbedtls/esp_config.h\"), so mbedtls_aes_context would not match the library's"
#endif
#define USMP_AES_HAVE_MBEDTLS 1
#define USMP_AES_HAVE_CT 0
#elif USMP_AES_BACKEND == USMP_AES_CT
#define USMP_AES_HAVE_MBEDTLS 0
#define USMP_AES_HAVE_CT 1
#elif USMP_AES_BACKEND == USMP_AES_MBEDTLS
#define USMP_AES_HAVE_MBEDTLS 1
#define USMP_AES_HAVE_CT 0
#else /* host, AUTO: mbedTLS only where it can use AES-NI (2.28 declares the probe publicly) */
#if defined(MBEDTLS_AESNI_C) && MBEDTLS_VERSION_NUMBER < 0x03000000 && \
    (defined(__x86_64__) || defined(__amd64__)) && !defined(MBEDTLS_AES_ALT)
#define USMP_AES_HAVE_MBEDTLS 1
#else
#define USMP_AES_HAVE_MBEDTLS 0
#endif
#define USMP_AES_HAVE_CT 1
#endif

/* Blocks one usmp_aes_encrypt call takes at most. */
#define USMP_AES_BATCH USMP_AES_CT_BATCH

typedef struct {
    int use_ct; /* the backend chosen by usmp_aes_setkey; public (CPU features, build options) */
    union {
#if USMP_AES_HAVE_MBEDTLS
        mbedtls_aes_context mb;
#endif
#if USMP_AES_HAVE_CT
        usmp_aes_ct_ctx ct;
#endif
        uint8_t unused;
    } u;
} usmp_aes_ctx;

/* Sets a 256-bit key; 0 on success, non-zero if the backend refused it. */
int usmp_aes_setkey(usmp_aes_ctx *ctx, const uint8_t key[32]);

/* Encrypts n (1..USMP_AES_BATCH) consecutive 16-byte blocks; in and out may be the same
 * buffer. 0 on success. */
int usmp_aes_encrypt(usmp_aes_ctx *ctx, const uint8_t *in, uint8_t *out, size_t n);

/* Releases and wipes the context (safe after a failed or absent setkey). */
void usmp_aes_free(usmp_aes_ctx *ctx);

/* The implementation usmp_aes_setkey picks in this build on this CPU, for tests and figures:
 * "usmp-ct-bitsliced", "mbedtls-aesni", "mbedtls-software-tables" or "mbedtls-alt" (ESP-IDF:
 * the AES peripheral). */
const char *usmp_aes_backend_name(void);

#endif /* USMP_AES_BLOCK_H */
