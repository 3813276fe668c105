/*
 * rv32_x25519.c - freestanding RV32 program for the dynamic instruction count of our X25519.
 *
 * No libc: _start runs N_CALLS (0 or 1, set with -DN_CALLS) scalar multiplications of the
 * RFC 7748 §5.2 vector 1, checks the result when N_CALLS is 1, and exits through the Linux
 * exit ecall (status 0 = right answer). Run under qemu-riscv32 with qemu_insn_count.so; the
 * count for one call is count(N_CALLS=1) - count(N_CALLS=0).
 */
#include <stddef.h>
#include <stdint.h>

#include "usmp_native.h"

#ifndef N_CALLS
#define N_CALLS 1
#endif

void usmp_wipe(void *p, size_t n) /* what the core does: a volatile byte loop */
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
}

/* GCC may emit calls to these even with -ffreestanding (it documents that the environment
 * must provide them). */
void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = (uint8_t *)dst;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

int usmp_random(uint8_t *out, size_t len) /* unused by usmp_x25519; keeps the link whole */
{
    usmp_wipe(out, len);
    return USMP_S_RANDOM;
}

static const uint8_t k_scalar[32] = {
    0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15, 0x4b, 0x82, 0x46, 0x5e, 0xdd,
    0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc, 0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4 };
static const uint8_t k_point[32] = {
    0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1, 0xa4, 0x24, 0xb1, 0x5f, 0x7c,
    0x72, 0x66, 0x24, 0xec, 0x26, 0xb3, 0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c };
static const uint8_t k_expected[32] = {
    0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea, 0x4d, 0xf2, 0x8d, 0x08, 0x4f,
    0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c, 0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52 };

static void sys_exit(int status)
{
    register long a0 __asm__("a0") = status;
    register long a7 __asm__("a7") = 93; /* exit */
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    for (;;) {
    }
}

void _start(void) /* qemu-user sets sp; nothing else is needed */
{
    uint8_t out[32];
    int status = 0, i;
    for (i = 0; i < N_CALLS; ++i) {
        status |= usmp_x25519(out, k_scalar, k_point);
        for (int j = 0; j < 32; ++j) {
            status |= out[j] ^ k_expected[j];
        }
    }
    sys_exit(status != 0);
}
