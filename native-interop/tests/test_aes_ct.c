/* test_aes_ct.c - our constant-time AES-256 (src/aes_ct.c) against published answers and
 * against Debian's mbedTLS (an independent implementation):
 *  - FIPS-197 Appendix C.3 (AES-256) and NIST SP 800-38A F.1.5 (ECB-AES256, 4 blocks, also as
 *    one 4-block batch);
 *  - 4,000 random keys, each with a random batch of 1..4 blocks (in place for every other one),
 *    compared block for block with mbedtls_aes_crypt_ecb: every S-box input occurs hundreds of
 *    times, and every key-schedule path (RotWord/SubWord/Rcon, SubWord only) is taken;
 *  - a batch of n blocks equals n single-block calls, and bytes past n*16 are never written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/aes.h>

#include "aes_ct.h"
#include "test_common.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint8_t rnd8(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint8_t)(rng >> 24);
}

static void ref_encrypt(const uint8_t key[32], const uint8_t *in, uint8_t *out, size_t n)
{
    mbedtls_aes_context m;
    size_t i;
    mbedtls_aes_init(&m);
    mbedtls_aes_setkey_enc(&m, key, 256);
    for (i = 0; i < n; i++) {
        mbedtls_aes_crypt_ecb(&m, MBEDTLS_AES_ENCRYPT, in + 16 * i, out + 16 * i);
    }
    mbedtls_aes_free(&m);
}

int main(int argc, char **argv)
{
    uint8_t key[32], pt[64], ct[64], want[80], got[80];
    usmp_aes_ct_ctx ctx;
    size_t i, n, it;
    (void)argc;
    (void)argv;

    /* FIPS-197 C.3 */
    t_hex_into(key, 32, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    t_hex_into(pt, 16, "00112233445566778899aabbccddeeff");
    t_hex_into(want, 16, "8ea2b7ca516745bfeafc49904b496089");
    usmp_aes_ct_setkey(&ctx, key);
    usmp_aes_ct_encrypt(&ctx, pt, got, 1);
    t_bytes_eq(got, want, 16, "FIPS-197 C.3");

    /* SP 800-38A F.1.5 ECB-AES256.Encrypt */
    t_hex_into(key, 32, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    t_hex_into(pt, 64,
               "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
               "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    t_hex_into(want, 64,
               "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
               "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7");
    usmp_aes_ct_setkey(&ctx, key);
    usmp_aes_ct_encrypt(&ctx, pt, got, 4);
    t_bytes_eq(got, want, 64, "SP 800-38A F.1.5, one 4-block batch");
    for (i = 0; i < 4; i++) {
        usmp_aes_ct_encrypt(&ctx, pt + 16 * i, got + 16 * i, 1);
    }
    t_bytes_eq(got, want, 64, "SP 800-38A F.1.5, block by block");

    /* Random keys and batches against mbedTLS. */
    for (it = 0; it < 4000; it++) {
        for (i = 0; i < 32; i++) {
            key[i] = rnd8();
        }
        if (it == 0) {
            memset(key, 0, 32);
        } else if (it == 1) {
            memset(key, 0xFF, 32);
        }
        n = 1 + rnd8() % USMP_AES_CT_BATCH;
        for (i = 0; i < 64; i++) {
            pt[i] = rnd8();
        }
        ref_encrypt(key, pt, want, n);
        usmp_aes_ct_setkey(&ctx, key);
        memset(got, 0xA5, sizeof got);
        if (it % 2 == 0) {
            usmp_aes_ct_encrypt(&ctx, pt, got, n);
        } else {
            memcpy(got, pt, 16 * n);
            usmp_aes_ct_encrypt(&ctx, got, got, n); /* in place */
        }
        if (!CHECK(memcmp(got, want, 16 * n) == 0, "random case %zu (n=%zu) differs from mbedTLS", it, n)) {
            break;
        }
        {
            int untouched = 1;
            for (i = 16 * n; i < sizeof got; i++) {
                untouched &= got[i] == 0xA5;
            }
            CHECK(untouched, "random case %zu wrote past %zu blocks", it, n);
        }
        memcpy(ct, got, 16 * n);
        for (i = 0; i < n; i++) { /* a batch is the same as single blocks */
            usmp_aes_ct_encrypt(&ctx, pt + 16 * i, got + 16 * i, 1);
        }
        CHECK(memcmp(got, ct, 16 * n) == 0, "random case %zu: batch != single blocks", it);
    }
    CHECK(it == 4000, "stopped at random case %zu", it);
    return t_finish("aes_ct");
}
