/*
 * ghash_reduce.h - the GCM field reduction shared by ghash64.h and ghash32.h (private to
 * aes256gcm.c and tests/test_ghash.c).
 *
 * Domain. GCM (SP 800-38D §6.3) reads a 16-byte block as a polynomial over GF(2) whose
 * coefficient of x^i is bit i counted from the most significant bit of byte 0. We load a
 * block big-endian into a 128-bit integer (hi, lo), so coefficient i sits at integer bit
 * 127 - i: the integer is the polynomial bit-reflected. We never reverse bits: the
 * carry-less integer product of two reflected 128-bit values is the reflection of the
 * polynomial product over 255 bits (coefficient k at bit 254 - k). Shifting it left by one
 * puts coefficient k at bit 255 - k of a 256-bit value P = (p3, p2, p1, p0): the high half
 * (p3, p2) holds coefficients 0..127 reflected exactly like a block, the low half
 * L = (p1, p0) holds coefficients 128..255 (coefficient 128 + j at bit 127 - j).
 *
 * Reduction modulo x^128 + x^7 + x^2 + x + 1. x^(128+j) = x^j (1 + x + x^2 + x^7). In the
 * reflected layout multiplying by x is a right shift, so L folds onto the high half as
 * L ^ L>>1 ^ L>>2 ^ L>>7 (128-bit shifts). The bits those shifts push out of the bottom are
 * coefficients 128..134 again; they are the low bits of L moved to the top of the low half:
 * X = (L<<127 ^ L<<126 ^ L<<121) mod 2^128, touching only p1. X itself folds without any
 * further overflow (its bits are 121..127, all shifts are <= 7), so fold L2 = L ^ X once.
 * Only shifts and xors: constant time.
 */
#ifndef USMP_GHASH_REDUCE_H
#define USMP_GHASH_REDUCE_H

#include <stdint.h>

/* (p3, p2, p1, p0) = the 255-bit carry-less product of two BE-loaded blocks (bit 255 zero).
 * Returns the reduced, reflected field element in (*hi, *lo). */
static inline void ghash_reduce(uint64_t *hi, uint64_t *lo, uint64_t p3, uint64_t p2,
                                uint64_t p1, uint64_t p0)
{
    uint64_t l1, l0;
    /* P <<= 1: coefficient k moves from bit 254 - k to bit 255 - k. */
    p3 = (p3 << 1) | (p2 >> 63);
    p2 = (p2 << 1) | (p1 >> 63);
    p1 = (p1 << 1) | (p0 >> 63);
    p0 <<= 1;
    /* L2 = L ^ X, X = (L<<127 ^ L<<126 ^ L<<121) mod 2^128 (only the upper word). */
    l1 = p1 ^ (p0 << 63) ^ (p0 << 62) ^ (p0 << 57);
    l0 = p0;
    /* (p3, p2) ^ L2 ^ L2>>1 ^ L2>>2 ^ L2>>7 */
    *hi = p3 ^ l1 ^ (l1 >> 1) ^ (l1 >> 2) ^ (l1 >> 7);
    *lo = p2 ^ l0 ^ ((l0 >> 1) | (l1 << 63)) ^ ((l0 >> 2) | (l1 << 62)) ^
          ((l0 >> 7) | (l1 << 57));
}

#endif /* USMP_GHASH_REDUCE_H */
