/* test_rfc4231_hmac.c - HMAC-SHA256 against RFC 4231 §4.2-4.8 (all seven test cases;
 * case 5 is truncated to 128 bits, so only the first 16 bytes are compared). */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

typedef struct {
    const char *name;
    uint8_t key_byte; /* key = key_len x key_byte, unless key_hex is set */
    size_t key_len;
    const char *key_hex;
    const char *data; /* ASCII, unless data_byte is set */
    uint8_t data_byte;
    size_t data_len;
    const char *mac_hex;
    size_t compare;
} rfc4231_case;

static const rfc4231_case CASES[] = {
    {"4.2 case 1", 0x0b, 20, NULL, "Hi There", 0, 0,
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
    {"4.3 case 2", 0, 0, "4a656665", "what do ya want for nothing?", 0, 0,
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
    {"4.4 case 3", 0xaa, 20, NULL, NULL, 0xdd, 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
    {"4.5 case 4", 0, 0, "0102030405060708090a0b0c0d0e0f10111213141516171819", NULL, 0xcd, 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
    {"4.6 case 5 (truncated)", 0x0c, 20, NULL, "Test With Truncation", 0, 0,
     "a3b6167473100ee06e0c796c2955552b", 16},
    {"4.7 case 6", 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0,
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
    {"4.8 case 7", 0xaa, 131, NULL,
     "This is a test using a larger than block-size key and a larger than block-size data. The "
     "key needs to be hashed before being used by the HMAC algorithm.",
     0, 0, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
};

static void run_case(const rfc4231_case *c)
{
    uint8_t key[131], data[200], mac[32], want[32];
    size_t key_len = c->key_len, data_len, n;
    uint8_t *tmp;
    if (c->key_hex != NULL) {
        tmp = t_hex(c->key_hex, &key_len);
        memcpy(key, tmp, key_len);
        free(tmp);
    } else {
        memset(key, c->key_byte, key_len);
    }
    if (c->data != NULL) {
        data_len = strlen(c->data);
        memcpy(data, c->data, data_len);
    } else {
        data_len = c->data_len;
        memset(data, c->data_byte, data_len);
    }
    tmp = t_hex(c->mac_hex, &n);
    memcpy(want, tmp, n);
    free(tmp);
    CHECK(usmp_hmac_sha256(mac, key, key_len, data, data_len) == USMP_S_OK, "%s status", c->name);
    t_bytes_eq(mac, want, c->compare, c->name);
}

int main(int argc, char **argv)
{
    size_t i;
    (void)t_vectors_dir(argc, argv);
    for (i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        run_case(&CASES[i]);
    }
    return t_finish("rfc4231_hmac_sha256");
}
