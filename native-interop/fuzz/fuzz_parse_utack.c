/* fuzz_parse_utack - usmp_parse_utack, and usmp_utack_verify on 15-byte datagrams. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t type = 9;
    uint32_t seq = 9;
    int mac = 9;
    uint8_t *d = f_dup(data, size);
    int st = usmp_parse_utack(d, size, &type, &seq, &mac);
    if (st == USMP_S_OK) {
        F_REQUIRE((size == 7 || size == 15) && d[0] == 0xAC && d[1] == 0xAC);
        F_REQUIRE(type == d[2] && mac == (size == 15));
        if (mac) {
            int v = usmp_utack_verify(d + 7, F_K_C2S, d);
            F_REQUIRE(v == USMP_S_OK || v == USMP_S_AUTH);
        }
    } else {
        F_REQUIRE(st == USMP_S_MALFORMED && type == 0 && seq == 0 && mac == 0);
    }
    free(d);
    return 0;
}
