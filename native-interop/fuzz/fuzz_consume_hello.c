/* fuzz_consume_hello - usmp_server_consume_hello: only 38 or 54 bytes are accepted. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t dev[6], pub[32], cookie[16];
    int has = 7;
    uint8_t *payload = f_dup(data, size);
    int st = usmp_server_consume_hello(payload, size, dev, pub, cookie, &has);
    if (size == 38 || size == 54) {
        F_REQUIRE(st == USMP_S_OK && has == (size == 54));
        F_REQUIRE(memcmp(dev, data, 6) == 0 && memcmp(pub, data + 6, 32) == 0);
        F_REQUIRE(size == 38 ? f_zero(cookie, 16) : memcmp(cookie, data + 38, 16) == 0);
    } else {
        F_REQUIRE(st == USMP_S_MALFORMED && has == 0 && f_zero(dev, 6) && f_zero(pub, 32) &&
                  f_zero(cookie, 16));
    }
    free(payload);
    return 0;
}
