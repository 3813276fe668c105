/*
 * usmp_abi_args.h - the argument checks shared by usmp_abi.c (device) and usmp_abi_server.c
 * (host only). Private to the core. Every check is overflow-free: all values are checked
 * non-negative first, then compared by subtraction, never by addition.
 */
#ifndef USMP_ABI_ARGS_H
#define USMP_ABI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "usmp_native.h"

/* An array of exactly `want` bytes. */
static inline int fixed(const uint8_t *p, int32_t len, uint32_t want)
{
    return p != NULL && len >= 0 && (uint32_t)len == want;
}

/* [off, off + count) lies inside an array of len bytes (a null array has len 0). */
static inline int range(const uint8_t *p, int32_t len, int32_t off, int32_t count)
{
    if (len < 0 || off < 0 || count < 0 || (p == NULL && len != 0)) {
        return 0;
    }
    return off <= len && count <= len - off;
}

/* A PSK is any array of at least USMP_MIN_PSK_SIZE bytes. */
static inline int psk_ok(const uint8_t *psk, int32_t len)
{
    return psk != NULL && len >= (int32_t)USMP_MIN_PSK_SIZE;
}

/* Pointer to byte `off` of an array already validated by range(); NULL stays NULL. */
static inline const uint8_t *at(const uint8_t *p, int32_t off)
{
    return p == NULL ? NULL : p + off;
}

#endif /* USMP_ABI_ARGS_H */
