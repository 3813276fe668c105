/* test_aes_backend.c - names the AES implementation this build runs on this CPU and checks it.
 *   test_aes_backend <expected name | host-auto>
 * host-auto: the default host build must never run mbedTLS's table-based software AES (it runs
 * mbedTLS on AES-NI, or our constant-time AES when the CPU has no AES-NI). Also checks that the
 * backend encrypts correctly (FIPS-197 C.3, AES-256) through the GCM layer's block function. */
#include <stdio.h>
#include <string.h>

#include "aes_block.h"

int main(int argc, char **argv)
{
    static const uint8_t key[32] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t want[16] = {0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf,
                                     0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49, 0x60, 0x89};
    const char *name = usmp_aes_backend_name();
    usmp_aes_ctx ctx;
    uint8_t out[16];
    int passed = 0, failed = 0, ok;
    if (argc < 2) {
        printf("usage: %s <expected backend | host-auto>\n0 passed, 1 failed\n", argv[0]);
        return 1;
    }
    printf("AES backend: %s\n", name);
    if (strcmp(argv[1], "host-auto") == 0) {
        ok = strcmp(name, "mbedtls-aesni") == 0 || strcmp(name, "usmp-ct-bitsliced") == 0;
    } else {
        ok = strcmp(name, argv[1]) == 0;
    }
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL backend is %s, want %s\n", name, argv[1]);
    }
    ok = usmp_aes_setkey(&ctx, key) == 0 && usmp_aes_encrypt(&ctx, pt, out, 1) == 0 &&
         memcmp(out, want, 16) == 0;
    usmp_aes_free(&ctx);
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL FIPS-197 C.3 through usmp_aes_encrypt\n");
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
