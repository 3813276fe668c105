/*
 * usmp_util.c - wiping and constant-time comparison.
 */
#include "usmp_native.h"

/* Writes through a volatile pointer, so the compiler cannot prove the stores dead and drop
 * them (the portable equivalent of explicit_bzero / memset_s). */
void usmp_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    size_t i;
    if (p == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        v[i] = 0;
    }
}

/* Returns 1 if a[0..n) == b[0..n), else 0. Time depends on n only: every byte is read, the
 * differences are OR-ed together and turned into 0/1 without a branch. */
int usmp_ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t diff = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        diff |= (uint32_t)(a[i] ^ b[i]);
    }
    /* diff in 0..255: (diff - 1) >> 31 is 1 exactly when diff == 0 */
    return (int)((diff - 1u) >> 31);
}
