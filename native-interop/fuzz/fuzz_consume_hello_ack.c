/* fuzz_consume_hello_ack - usmp_server_consume_hello_ack for the transcript's handshake. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t psk[34], nonce[32];
    uint8_t *payload = f_dup(data, size);
    int st;
    f_psk(psk);
    f_nonce(nonce);
    st = usmp_server_consume_hello_ack(payload, size, psk, sizeof psk, nonce, F_DEVICE_ID, F_PUB_C,
                                       F_PUB_S);
    F_REQUIRE(st == USMP_S_OK || st == (size == 32 ? USMP_S_AUTH : USMP_S_MALFORMED));
    F_REQUIRE(st != USMP_S_OK || size == 32);
    free(payload);
    return 0;
}
