/* fuzz_open_frame - usmp_open_frame against the transcript's k_c2s / session id.
 * data[0] even: the rest is a raw frame. data[0] odd: a valid frame is sealed from a plaintext
 * taken from the input, then mutated by (position, xor) pairs from the input, optionally with
 * its CRC fixed up, so the fuzzer reaches the nonce and tag checks.
 * Invariants: on failure the plaintext buffer is all zero and *pt_len == 0; on success
 * pt_len == frame_len - 40; an unmutated sealed frame opens. */
#include "fuzz_common.h"

static void fix_crc(uint8_t *f, size_t n)
{
    uint8_t tmp[492];
    uint16_t crc;
    memcpy(tmp, f, 10);
    memcpy(tmp + 10, f + 12, n - 12);
    crc = usmp_crc16(tmp, n - 2);
    f[10] = (uint8_t)crc;
    f[11] = (uint8_t)(crc >> 8);
}

static void check_open(const uint8_t *frame, size_t n, const uint8_t sid[16], int must_open)
{
    uint8_t pt[452];
    size_t pt_len = 99;
    int st;
    memset(pt, 0xAA, sizeof pt);
    st = usmp_open_frame(pt, sizeof pt, &pt_len, frame, n, F_K_C2S, sid);
    if (st != USMP_S_OK) {
        F_REQUIRE(pt_len == 0 && f_zero(pt, sizeof pt));
        F_REQUIRE(!must_open);
    } else {
        F_REQUIRE(n >= 40 && pt_len == n - 40);
    }
}

static void mutate_mode(const uint8_t *data, size_t size, const uint8_t sid[16])
{
    uint8_t frame[492];
    size_t pt_len = size > 1 ? (size_t)data[1] : 0, n = 0, i;
    uint8_t *heap;
    if (pt_len > 452) {
        pt_len = 452;
    }
    F_REQUIRE(usmp_seal_frame(frame, sizeof frame, 0, 5, size > 2 ? data[2] : 0, F_K_C2S, sid,
                              data, pt_len < size ? pt_len : size, &n) == USMP_S_OK);
    heap = f_dup(frame, n);
    check_open(heap, n, sid, 1);
    for (i = 3; i + 1 < size; i += 2) {
        heap[data[i] % n] ^= data[i + 1];
    }
    if (data[0] & 2) {
        fix_crc(heap, n);
    }
    check_open(heap, n, sid, 0);
    free(heap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t sid[16];
    f_sid(sid);
    if (size == 0) {
        return 0;
    }
    if ((data[0] & 1) == 0) {
        uint8_t *frame = f_dup(data + 1, size - 1);
        check_open(frame, size - 1, sid, 0);
        free(frame);
    } else {
        mutate_mode(data, size, sid);
    }
    return 0;
}
