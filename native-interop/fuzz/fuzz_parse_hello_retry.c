/* fuzz_parse_hello_retry - usmp_parse_hello_retry: exactly 16 bytes, copied verbatim. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t cookie[16];
    uint8_t *payload = f_dup(data, size);
    int st = usmp_parse_hello_retry(payload, size, cookie);
    if (size == 16) {
        F_REQUIRE(st == USMP_S_OK && memcmp(cookie, data, 16) == 0);
    } else {
        F_REQUIRE(st == USMP_S_MALFORMED && f_zero(cookie, 16));
    }
    free(payload);
    return 0;
}
