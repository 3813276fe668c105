/* fuzz_consume_session_ok - usmp_client_consume_session_ok for the transcript's handshake.
 * Invariants: failure zeroes session_id; success only for the 48-byte payload whose proof
 * verifies, and then session_id is its first 16 bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t psk[34], nonce[32], sid[16];
    uint8_t *payload = f_dup(data, size);
    int st;
    f_psk(psk);
    f_nonce(nonce);
    memset(sid, 0xAA, sizeof sid);
    st = usmp_client_consume_session_ok(payload, size, psk, sizeof psk, nonce, F_PUB_C, F_PUB_S, sid);
    if (st != USMP_S_OK) {
        F_REQUIRE(f_zero(sid, 16));
        F_REQUIRE(st == (size == 48 ? USMP_S_AUTH : USMP_S_MALFORMED));
    } else {
        F_REQUIRE(size == 48 && memcmp(sid, data, 16) == 0);
    }
    free(payload);
    return 0;
}
