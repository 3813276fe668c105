/* test_wycheproof_hkdf.c - every case of wycheproof/hkdf_sha256_test.json. "valid" must give
 * okm exactly; "invalid" (size > 255 * 32) must be refused with USMP_S_ARG. */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

static void run_case(const json *t)
{
    size_t ikm_len, salt_len, info_len, okm_len;
    uint8_t *ikm = t_hex(json_gets(t, "ikm"), &ikm_len);
    uint8_t *salt = t_hex(json_gets(t, "salt"), &salt_len);
    uint8_t *info = t_hex(json_gets(t, "info"), &info_len);
    uint8_t *want = t_hex(json_gets(t, "okm"), &okm_len);
    size_t size = (size_t)json_num(json_get(t, "size"));
    const char *result = json_gets(t, "result");
    int id = (int)json_num(json_get(t, "tcId"));
    uint8_t *okm = malloc(size + 1);
    int st = usmp_hkdf_sha256(okm, size, ikm, ikm_len, salt, salt_len, info, info_len);
    if (result != NULL && strcmp(result, "valid") == 0) {
        if (CHECK(st == USMP_S_OK && okm_len == size, "tcId %d status %d", id, st)) {
            t_bytes_eq(okm, want, size, "okm");
        }
    } else {
        CHECK(st == USMP_S_ARG, "tcId %d (%s): status %d, expected refusal", id,
              result ? result : "?", st);
    }
    free(okm);
    free(ikm);
    free(salt);
    free(info);
    free(want);
}

int main(int argc, char **argv)
{
    json *root = t_load(t_vectors_dir(argc, argv), "wycheproof/hkdf_sha256_test.json");
    const json *groups = json_get(root, "testGroups");
    size_t g, i, cases = 0;
    for (g = 0; g < json_len(groups); g++) {
        const json *tests = json_get(json_at(groups, g), "tests");
        for (i = 0; i < json_len(tests); i++, cases++) {
            run_case(json_at(tests, i));
        }
    }
    CHECK(cases == 86, "expected 86 Wycheproof HKDF cases, ran %zu", cases);
    json_free(root);
    return t_finish("wycheproof_hkdf_sha256");
}
