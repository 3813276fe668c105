/*
 * rv32_frame.c - freestanding RV32 program for the dynamic instruction count of
 * usmp_seal_frame / usmp_open_frame of one 452-byte plaintext with our constant-time AES
 * (-DUSMP_AES_BACKEND=2, src/aes_ct.c) and the 32-bit GHASH (ghash32.h): the whole frame path an
 * ESP32-class chip runs when the AES peripheral is not used. (The peripheral path itself runs
 * on hardware that qemu does not model.)
 *
 * -DN_CALLS=0|1 as in rv32_x25519.c; -DBENCH_OPEN measures usmp_open_frame of a frame sealed
 * before the measured loop. Exit status 0 (N_CALLS 1) = the sealed frame ends with the same 32
 * bytes (ciphertext tail and tag) as the host build's, with any AES backend (k_tail, printed
 * by a host program with core_host.c's inputs), resp. the frame opened back to the plaintext.
 */
#include <stddef.h>
#include <stdint.h>

#include "usmp_native.h"

#ifndef N_CALLS
#define N_CALLS 1
#endif

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

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    for (; n > 0; n--, x++, y++) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}

static const uint8_t k_tail[32] = {
    0x57, 0xf6, 0x52, 0x74, 0xc6, 0xf6, 0xc7, 0x4d, 0x4e, 0xd1, 0x9a, 0x03, 0x71, 0xf4, 0x2f, 0xc9,
    0xda, 0x7d, 0xdb, 0xe8, 0x6f, 0xa0, 0x96, 0x46, 0x14, 0x91, 0x8e, 0x09, 0x1e, 0x5a, 0xb3, 0x3b};

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
    static uint8_t key[32], sid[16], pt[USMP_MAX_PLAINTEXT], frame[USMP_MAX_FRAME],
        back[USMP_MAX_PLAINTEXT];
    size_t frame_len = 0, back_len = 0;
    int status = 0, i;
    for (i = 0; i < 32; ++i) key[i] = (uint8_t)(0x40 + i);
    for (i = 0; i < 16; ++i) sid[i] = (uint8_t)(0xa0 + i);
    for (i = 0; i < (int)sizeof(pt); ++i) pt[i] = (uint8_t)i;
#if defined(BENCH_OPEN)
    status |= usmp_seal_frame(frame, sizeof(frame), 0, 0x10, 7, key, sid, pt, sizeof(pt), &frame_len);
    for (i = 0; i < N_CALLS; ++i) {
        status |= usmp_open_frame(back, sizeof(back), &back_len, frame, frame_len, key, sid);
        status |= back_len != sizeof(pt) || memcmp(back, pt, sizeof(pt)) != 0;
    }
#else
    for (i = 0; i < N_CALLS; ++i) {
        status |= usmp_seal_frame(frame, sizeof(frame), 0, 0x10, 7, key, sid, pt, sizeof(pt), &frame_len);
        status |= frame_len != USMP_MAX_FRAME || memcmp(frame + frame_len - 32, k_tail, 32) != 0;
    }
    (void)back;
    (void)back_len;
#endif
    sys_exit(status != 0);
}
