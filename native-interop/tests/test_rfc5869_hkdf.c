/* test_rfc5869_hkdf.c - HKDF-SHA256 against RFC 5869 Appendix A.1-A.3. */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

static uint8_t *range_bytes(uint8_t first, size_t n)
{
    uint8_t *p = malloc(n + 1);
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(first + i);
    }
    return p;
}

static void run(const char *name, const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
                size_t salt_len, const uint8_t *info, size_t info_len, const char *okm_hex)
{
    size_t okm_len;
    uint8_t *want = t_hex(okm_hex, &okm_len);
    uint8_t *okm = malloc(okm_len);
    CHECK(usmp_hkdf_sha256(okm, okm_len, ikm, ikm_len, salt, salt_len, info, info_len) == USMP_S_OK,
          "%s status", name);
    t_bytes_eq(okm, want, okm_len, name);
    free(okm);
    free(want);
}

int main(int argc, char **argv)
{
    uint8_t ikm1[22];
    uint8_t *salt1 = range_bytes(0x00, 13), *info1 = range_bytes(0xf0, 10);
    uint8_t *ikm2 = range_bytes(0x00, 80), *salt2 = range_bytes(0x60, 80),
            *info2 = range_bytes(0xb0, 80);
    (void)t_vectors_dir(argc, argv);
    memset(ikm1, 0x0b, sizeof ikm1);
    run("A.1", ikm1, 22, salt1, 13, info1, 10,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    run("A.2", ikm2, 80, salt2, 80, info2, 80,
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e"
        "590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
    run("A.3 (empty salt and info)", ikm1, 22, NULL, 0, NULL, 0,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    free(salt1);
    free(info1);
    free(ikm2);
    free(salt2);
    free(info2);
    return t_finish("rfc5869_hkdf_sha256");
}
