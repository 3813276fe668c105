/* test_wycheproof_aes_gcm.c - wycheproof/aes_gcm_test.json, every group with keySize 256 and
 * tagSize 128 (the 96-bit-IV groups USMP uses, plus the other IV sizes our GCM also supports).
 * valid: seal gives ct and tag exactly, open gives msg. invalid: open (and, for an empty IV,
 * seal) is refused and its output buffer is left all zero. */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

typedef struct {
    uint8_t *key, *iv, *aad, *msg, *ct, *tag;
    size_t key_len, iv_len, aad_len, msg_len, ct_len, tag_len;
} gcm_case;

static void load(gcm_case *c, const json *t)
{
    c->key = t_hex(json_gets(t, "key"), &c->key_len);
    c->iv = t_hex(json_gets(t, "iv"), &c->iv_len);
    c->aad = t_hex(json_gets(t, "aad"), &c->aad_len);
    c->msg = t_hex(json_gets(t, "msg"), &c->msg_len);
    c->ct = t_hex(json_gets(t, "ct"), &c->ct_len);
    c->tag = t_hex(json_gets(t, "tag"), &c->tag_len);
}

static void unload(gcm_case *c)
{
    free(c->key);
    free(c->iv);
    free(c->aad);
    free(c->msg);
    free(c->ct);
    free(c->tag);
}

static void check_valid(const gcm_case *c, int id)
{
    uint8_t *out = malloc(c->msg_len + 1);
    uint8_t tag[16];
    int st = usmp_aes256gcm_seal(out, tag, c->key, c->iv, c->iv_len, c->aad, c->aad_len, c->msg,
                                 c->msg_len);
    if (CHECK(st == USMP_S_OK, "tcId %d seal status %d", id, st)) {
        t_bytes_eq(out, c->ct, c->ct_len, "ciphertext");
        t_bytes_eq(tag, c->tag, 16, "tag");
    }
    st = usmp_aes256gcm_open(out, c->key, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, c->ct_len,
                             c->tag);
    if (CHECK(st == USMP_S_OK, "tcId %d open status %d", id, st)) {
        t_bytes_eq(out, c->msg, c->msg_len, "plaintext");
    }
    free(out);
}

static void check_invalid(const gcm_case *c, int id)
{
    uint8_t *out = malloc(c->ct_len + 1);
    int st;
    memset(out, 0xAA, c->ct_len + 1);
    st = usmp_aes256gcm_open(out, c->key, c->iv, c->iv_len, c->aad, c->aad_len, c->ct, c->ct_len,
                             c->tag_len == 16 ? c->tag : (const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    CHECK(st == USMP_S_AUTH || st == USMP_S_ARG, "tcId %d (invalid) open status %d", id, st);
    CHECK(t_all_zero(out, c->ct_len), "tcId %d output not zeroed", id);
    CHECK(out[c->ct_len] == 0xAA, "tcId %d wrote past the output", id);
    free(out);
}

int main(int argc, char **argv)
{
    json *root = t_load(t_vectors_dir(argc, argv), "wycheproof/aes_gcm_test.json");
    const json *groups = json_get(root, "testGroups");
    size_t g, i, cases = 0, iv96 = 0;
    for (g = 0; g < json_len(groups); g++) {
        const json *grp = json_at(groups, g);
        const json *tests = json_get(grp, "tests");
        int iv_bits = (int)json_num(json_get(grp, "ivSize"));
        if ((int)json_num(json_get(grp, "keySize")) != 256 ||
            (int)json_num(json_get(grp, "tagSize")) != 128) {
            continue;
        }
        for (i = 0; i < json_len(tests); i++, cases++) {
            const json *t = json_at(tests, i);
            const char *result = json_gets(t, "result");
            int id = (int)json_num(json_get(t, "tcId"));
            gcm_case c;
            load(&c, t);
            if (result != NULL && strcmp(result, "valid") == 0) {
                check_valid(&c, id);
            } else {
                check_invalid(&c, id);
            }
            iv96 += iv_bits == 96;
            unload(&c);
        }
    }
    CHECK(iv96 == 66, "expected 66 cases with keySize 256 / ivSize 96 / tagSize 128, ran %zu", iv96);
    CHECK(cases > iv96, "no other IV sizes ran");
    json_free(root);
    return t_finish("wycheproof_aes256_gcm");
}
