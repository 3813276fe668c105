/*
 * x25519_host.c - one X25519 scalar multiplication with ours, mbedTLS or libsodium, for
 * callgrind instruction counts (see run.sh).
 *
 *   x25519_host <ours|mbedtls|libsodium> <n>
 *
 * Setup that a real caller does once (library init, curve load) runs whatever n is; then n
 * scalar multiplications of the RFC 7748 §5.2 vector 1 (bytes in, bytes out), each checked.
 * run.sh counts n = 1 minus n = 0, so only the multiplication itself is measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_HAVE_MBEDTLS
#define BENCH_HAVE_MBEDTLS 1
#endif
#ifndef BENCH_HAVE_SODIUM
#define BENCH_HAVE_SODIUM 1
#endif
#if BENCH_HAVE_MBEDTLS
#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>
#endif
#if BENCH_HAVE_SODIUM
#include <sodium.h>
#endif

#include "usmp_native.h"

static const uint8_t k_scalar[32] = {
    0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15, 0x4b, 0x82, 0x46, 0x5e, 0xdd,
    0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc, 0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4 };
static const uint8_t k_point[32] = {
    0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1, 0xa4, 0x24, 0xb1, 0x5f, 0x7c,
    0x72, 0x66, 0x24, 0xec, 0x26, 0xb3, 0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c };
static const uint8_t k_expected[32] = {
    0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea, 0x4d, 0xf2, 0x8d, 0x08, 0x4f,
    0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c, 0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52 };

/* Only x25519.c is linked (not the core): it needs these two. */
void usmp_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
}

int usmp_random(uint8_t *out, size_t len)
{
    usmp_wipe(out, len);
    return USMP_S_RANDOM;
}

#if BENCH_HAVE_MBEDTLS
/* mbedTLS wants an RNG for its coordinate blinding; a cheap deterministic one keeps the count
 * about the ECP arithmetic (a CTR-DRBG would add its own cost). */
static int cheap_rng(void *ctx, unsigned char *out, size_t len)
{
    uint32_t *s = (uint32_t *)ctx;
    size_t i;
    for (i = 0; i < len; ++i) {
        *s ^= *s << 13;
        *s ^= *s >> 17;
        *s ^= *s << 5;
        out[i] = (unsigned char)(*s >> 24);
    }
    return 0;
}

static int run_mbedtls(long n, uint8_t out[32])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi d, z;
    uint32_t rng_state = 0x9e3779b9u;
    uint8_t k[32];
    int rc = 0;
    long i;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&z);
    rc |= mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519);
    for (i = 0; i < n && rc == 0; ++i) {
        memcpy(k, k_scalar, 32); /* RFC 7748 clamping, as mbedtls_ecp_check_privkey wants it */
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;
        rc |= mbedtls_mpi_read_binary_le(&d, k, 32);
        rc |= mbedtls_ecp_point_read_binary(&grp, &q, k_point, 32);
        rc |= mbedtls_ecdh_compute_shared(&grp, &z, &q, &d, cheap_rng, &rng_state);
        rc |= mbedtls_mpi_write_binary_le(&z, out, 32);
    }
    mbedtls_mpi_free(&z);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return rc;
}
#endif

int main(int argc, char **argv)
{
    uint8_t out[32];
    long n, i;
    int rc = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: %s <ours|mbedtls|libsodium> <n>\n", argv[0]);
        return 2;
    }
    n = strtol(argv[2], NULL, 10);
    memcpy(out, k_expected, 32);
    if (strcmp(argv[1], "ours") == 0) {
        for (i = 0; i < n; ++i) {
            rc |= usmp_x25519(out, k_scalar, k_point);
        }
#if BENCH_HAVE_MBEDTLS
    } else if (strcmp(argv[1], "mbedtls") == 0) {
        rc = run_mbedtls(n, out);
#endif
#if BENCH_HAVE_SODIUM
    } else if (strcmp(argv[1], "libsodium") == 0) {
        if (sodium_init() < 0) {
            return 1;
        }
        for (i = 0; i < n; ++i) {
            rc |= crypto_scalarmult(out, k_scalar, k_point);
        }
#endif
    } else {
        fprintf(stderr, "unknown or not built: %s\n", argv[1]);
        return 2;
    }
    if (rc != 0 || memcmp(out, k_expected, 32) != 0) {
        fprintf(stderr, "%s: wrong result\n", argv[1]);
        return 1;
    }
    return 0;
}
