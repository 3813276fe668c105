/* test_wycheproof_hmac.c - every case of wycheproof/hmac_sha256_test.json. A tag of tagSize
 * bits is compared against the first tagSize/8 bytes of our MAC; "valid" must match,
 * "invalid" must not. */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

static void run_case(const json *t, size_t tag_bytes)
{
    size_t key_len, msg_len, tag_len;
    uint8_t mac[32];
    uint8_t *key = t_hex(json_gets(t, "key"), &key_len);
    uint8_t *msg = t_hex(json_gets(t, "msg"), &msg_len);
    uint8_t *tag = t_hex(json_gets(t, "tag"), &tag_len);
    const char *result = json_gets(t, "result");
    int id = (int)json_num(json_get(t, "tcId"));
    int st = usmp_hmac_sha256(mac, key, key_len, msg, msg_len);
    int match = st == USMP_S_OK && tag_len == tag_bytes && memcmp(mac, tag, tag_bytes) == 0;
    if (result != NULL && strcmp(result, "valid") == 0) {
        CHECK(match, "tcId %d (valid) did not match", id);
    } else {
        CHECK(!match, "tcId %d (%s) matched", id, result ? result : "?");
    }
    free(key);
    free(msg);
    free(tag);
}

int main(int argc, char **argv)
{
    json *root = t_load(t_vectors_dir(argc, argv), "wycheproof/hmac_sha256_test.json");
    const json *groups = json_get(root, "testGroups");
    size_t g, i, cases = 0;
    for (g = 0; g < json_len(groups); g++) {
        const json *grp = json_at(groups, g);
        const json *tests = json_get(grp, "tests");
        size_t tag_bytes = (size_t)json_num(json_get(grp, "tagSize")) / 8;
        for (i = 0; i < json_len(tests); i++, cases++) {
            run_case(json_at(tests, i), tag_bytes);
        }
    }
    CHECK(cases == 174, "expected 174 Wycheproof HMAC cases, ran %zu", cases);
    json_free(root);
    return t_finish("wycheproof_hmac_sha256");
}
