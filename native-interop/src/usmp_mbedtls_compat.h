/*
 * usmp_mbedtls_compat.h - the one place that knows the difference between Mbed TLS 2.28
 * (Debian, host builds) and 3.6 (ESP-IDF 5.5, the firmware).
 *
 * The only API we use whose name differs is SHA-256 streaming:
 *   2.28: mbedtls_sha256_starts_ret / _update_ret / _finish_ret (return int)
 *   3.x : mbedtls_sha256_starts     / _update     / _finish     (return int)
 * AES (mbedtls_aes_init/setkey_enc/crypt_ecb/free) is the same in both; which AES actually runs
 * (ESP32 peripheral, AES-NI, or our constant-time aes_ct.c; never mbedTLS's tables) is decided,
 * and checked against the ESP-IDF configuration, in aes_block.h.
 */
#ifndef USMP_MBEDTLS_COMPAT_H
#define USMP_MBEDTLS_COMPAT_H

#include <mbedtls/version.h>
#include <mbedtls/aes.h>
#include <mbedtls/sha256.h>

#if !defined(MBEDTLS_VERSION_NUMBER)
#error "mbedtls/version.h did not define MBEDTLS_VERSION_NUMBER"
#endif

#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define usmp_sha256_starts(ctx) mbedtls_sha256_starts((ctx), 0)
#define usmp_sha256_update(ctx, p, n) mbedtls_sha256_update((ctx), (p), (n))
#define usmp_sha256_finish(ctx, out) mbedtls_sha256_finish((ctx), (out))
#else
#define usmp_sha256_starts(ctx) mbedtls_sha256_starts_ret((ctx), 0)
#define usmp_sha256_update(ctx, p, n) mbedtls_sha256_update_ret((ctx), (p), (n))
#define usmp_sha256_finish(ctx, out) mbedtls_sha256_finish_ret((ctx), (out))
#endif

#endif /* USMP_MBEDTLS_COMPAT_H */
