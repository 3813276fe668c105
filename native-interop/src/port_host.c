/*
 * port_host.c - usmp_port.h for Linux hosts: getrandom(2) from the kernel CSPRNG.
 * Loops over EINTR and short reads (a read of more than 256 bytes may be cut short).
 */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sys/random.h>
#include <sys/types.h>

#include "usmp_port.h"

int usmp_port_random(uint8_t *out, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t got = getrandom(out + done, len - done, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}
