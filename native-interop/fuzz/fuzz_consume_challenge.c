/* fuzz_consume_challenge - usmp_client_consume_challenge with the transcript client's key.
 * Invariant: on failure nonce, pub_S, keys and hmac_client are all zero. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t psk[34], nonce[32], pub_s[32], keys[64], hmac[32];
    uint8_t *payload = f_dup(data, size);
    int st;
    f_psk(psk);
    memset(keys, 0xAA, sizeof keys);
    st = usmp_client_consume_challenge(payload, size, F_PRIV_C, F_PUB_C, F_DEVICE_ID, psk, sizeof psk,
                                       nonce, pub_s, keys, hmac);
    if (st != USMP_S_OK) {
        F_REQUIRE(f_zero(nonce, 32) && f_zero(pub_s, 32) && f_zero(keys, 64) && f_zero(hmac, 32));
        F_REQUIRE(size != 64 || st == USMP_S_ZERO_SHARED);
    } else {
        F_REQUIRE(size == 64 && memcmp(nonce, data, 32) == 0 && memcmp(pub_s, data + 32, 32) == 0);
    }
    free(payload);
    return 0;
}
