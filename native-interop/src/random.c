/*
 * random.c - usmp_random: the core's random source, over usmp_port_random.
 */
#include "usmp_native.h"
#include "usmp_port.h"

int usmp_random(uint8_t *out, size_t len)
{
    if (out == NULL && len != 0) {
        return USMP_S_ARG;
    }
    if (len == 0) {
        return USMP_S_OK;
    }
    if (usmp_port_random(out, len) != 0) {
        usmp_wipe(out, len);
        return USMP_S_RANDOM;
    }
    return USMP_S_OK;
}
