/* test_abi.c - the usmp_abi_* boundary (include/usmp_abi.h, include/usmp_abi_server.h):
 *  - every offset/count/length that is negative, past the end, or overflows int32 when added,
 *    and every fixed-size array of the wrong size or null, returns USMP_S_ARG and leaves every
 *    buffer untouched;
 *  - the good paths agree with the core (seal/open round trip, CRC, HMAC, UTACK). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "test_common.h"
#include "usmp_abi.h"
#include "usmp_abi_server.h"

#define FILLV 0x5A

static uint8_t buf[600], out[600], key[33], sid[17], a32[33], b32[33], c32[33], d32[33];
static uint8_t psk[20], dev[7], cookie[17], keys64[65];

static void reset(void)
{
    memset(buf, FILLV, sizeof buf);
    memset(out, FILLV, sizeof out);
    memset(keys64, FILLV, sizeof keys64);
    memset(cookie, FILLV, sizeof cookie);
    memset(a32, FILLV, sizeof a32);
    memset(b32, FILLV, sizeof b32);
}

static int untouched(void)
{
    size_t i;
    for (i = 0; i < sizeof out; i++) {
        if (out[i] != FILLV || buf[i] != FILLV) {
            return 0;
        }
    }
    for (i = 0; i < sizeof keys64; i++) {
        if (keys64[i] != FILLV) {
            return 0;
        }
    }
    for (i = 0; i < sizeof a32; i++) {
        if (a32[i] != FILLV || b32[i] != FILLV) {
            return 0;
        }
    }
    return 1;
}

#define EXPECT_ARG(call, what)                                                                    \
    do {                                                                                          \
        int32_t st_;                                                                              \
        reset();                                                                                  \
        st_ = (call);                                                                             \
        CHECK(st_ == USMP_S_ARG, "%s: status %d, want USMP_S_ARG", what, (int)st_);               \
        CHECK(untouched(), "%s: memory touched", what);                                           \
    } while (0)

/* (offset, count) pairs that must fail against an array of len bytes. */
static void bad_ranges(int32_t len, int32_t pairs[][2], int *n)
{
    int32_t p[][2] = {{-1, 1}, {0, -1}, {INT32_MIN, 0}, {len + 1, 0}, {0, len + 1},
                      {len, 1}, {1, len}, {10, INT32_MAX}, {INT32_MAX, INT32_MAX}, {INT32_MAX, 1}};
    int i;
    for (i = 0; i < 10; i++) {
        pairs[i][0] = p[i][0];
        pairs[i][1] = p[i][1];
    }
    *n = 10;
}

static void range_functions(void)
{
    int32_t pairs[10][2];
    int n, i;
    char what[96];
    bad_ranges(100, pairs, &n);
    for (i = 0; i < n; i++) {
        int32_t o = pairs[i][0], c = pairs[i][1];
        snprintf(what, sizeof what, "(offset %d, count %d) of 100", (int)o, (int)c);
        EXPECT_ARG(usmp_abi_fill_random(out, 100, o, c), what);
        EXPECT_ARG(usmp_abi_crc16(buf, 100, o, c), what);
        EXPECT_ARG(usmp_abi_hmac_sha256(a32, 32, key, 32, buf, 100, o, c), what);
        EXPECT_ARG(usmp_abi_parse_hello_retry(buf, 100, o, c, cookie, 16), what);
        EXPECT_ARG(usmp_abi_server_consume_hello(buf, 100, o, c, dev, 6, a32, 32, cookie, 16), what);
        EXPECT_ARG(usmp_abi_client_consume_challenge(buf, 100, o, c, c32, 32, d32, 32, dev, 6, psk, 20,
                                                     a32, 32, b32, 32, keys64, 64, out, 32), what);
        EXPECT_ARG(usmp_abi_client_consume_session_ok(buf, 100, o, c, psk, 20, c32, 32, d32, 32, c32, 32,
                                                      out, 16), what);
        EXPECT_ARG(usmp_abi_server_consume_hello_ack(buf, 100, o, c, psk, 20, c32, 32, dev, 6, d32, 32,
                                                     c32, 32), what);
        EXPECT_ARG(usmp_abi_seal_frame(out, 100, 0, 5, 0, key, 32, sid, 16, buf, 100, o, c, NULL, 0), what);
        EXPECT_ARG(usmp_abi_open_frame(out, 600, 0, buf, 100, o, c, key, 32, sid, 16, NULL, 0), what);
    }
    EXPECT_ARG(usmp_abi_fill_random(out, -1, 0, 0), "negative array length");
    EXPECT_ARG(usmp_abi_fill_random(NULL, 10, 0, 1), "null array with a length");
    EXPECT_ARG(usmp_abi_seal_frame(out, 100, 61, 5, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: 40 > 100-61");
    EXPECT_ARG(usmp_abi_seal_frame(out, 100, 101, 5, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: offset past end");
    EXPECT_ARG(usmp_abi_seal_frame(out, 100, -1, 5, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: negative offset");
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, 5, 0, key, 32, sid, 16, buf, 600, 0, 453, NULL, 0), "seal: 453 bytes");
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, 256, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: type 256");
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, -1, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: type -1");
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, INT32_MAX, 5, 0, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0), "seal: offset INT32_MAX");
    EXPECT_ARG(usmp_abi_open_frame(out, 100, 101, buf, 100, 0, 40, key, 32, sid, 16, NULL, 0), "open: pt offset past end");
    EXPECT_ARG(usmp_abi_open_frame(out, 100, -5, buf, 100, 0, 40, key, 32, sid, 16, NULL, 0), "open: negative pt offset");
    EXPECT_ARG(usmp_abi_open_frame(out, 100, 0, NULL, 0, 0, 40, key, 32, sid, 16, NULL, 0), "open: null frame");
    EXPECT_ARG(usmp_abi_utack_mac(out, 15, 1, key, 32), "utack_mac: 1 + 15 > 15");
    EXPECT_ARG(usmp_abi_utack_mac(out, 14, 0, key, 32), "utack_mac: array of 14");
    EXPECT_ARG(usmp_abi_utack_mac(out, 100, INT32_MAX - 3, key, 32), "utack_mac: offset overflow");
    EXPECT_ARG(usmp_abi_utack_mac(out, 100, -1, key, 32), "utack_mac: negative offset");
    EXPECT_ARG(usmp_abi_utack_verify(buf, 15, 1, key, 32), "utack_verify: past end");
    EXPECT_ARG(usmp_abi_hmac_sha256(a32, 32, NULL, 5, buf, 100, 0, 1), "hmac: null key with length");
}

static void fixed_functions(void)
{
    static const int32_t wrong[] = {0, 31, 33, -32};
    size_t i;
    char what[80];
    for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        int32_t w = wrong[i];

        snprintf(what, sizeof what, "fixed array of %d", (int)w);
        EXPECT_ARG(usmp_abi_x25519_keypair(a32, w, b32, 32), what);
        EXPECT_ARG(usmp_abi_x25519_keypair(a32, 32, b32, w), what);
        EXPECT_ARG(usmp_abi_x25519(a32, w, c32, 32, d32, 32), what);
        EXPECT_ARG(usmp_abi_x25519(a32, 32, c32, w, d32, 32), what);
        EXPECT_ARG(usmp_abi_x25519(a32, 32, c32, 32, d32, w), what);
        EXPECT_ARG(usmp_abi_derive_session_keys(a32, w, b32, 32, c32, 32, d32, 32, c32, 32, d32, 32, c32, 32), what);
        EXPECT_ARG(usmp_abi_derive_session_keys(a32, 32, b32, 32, c32, 32, d32, 32, c32, 32, d32, w, c32, 32), what);
        EXPECT_ARG(usmp_abi_server_proof(a32, w, psk, 20, c32, 32, sid, 16, d32, 32, c32, 32), what);
        EXPECT_ARG(usmp_abi_server_proof(a32, 32, psk, 20, c32, 32, sid, 16, d32, w, c32, 32), what);
        EXPECT_ARG(usmp_abi_rekey_derive(a32, w, b32, 32, c32, 32, d32, 32, c32, 32, sid, 16), what);
        EXPECT_ARG(usmp_abi_rekey_derive(a32, 32, b32, 32, c32, 32, d32, 32, c32, w, sid, 16), what);
        EXPECT_ARG(usmp_abi_hmac_sha256(a32, w, key, 32, buf, 10, 0, 10), what);
        EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, 5, 0, key, w, sid, 16, NULL, 0, 0, 0, NULL, 0), what);
        EXPECT_ARG(usmp_abi_open_frame(out, 600, 0, buf, 100, 0, 40, key, w, sid, 16, NULL, 0), what);
        EXPECT_ARG(usmp_abi_utack_mac(out, 15, 0, key, w), what);
        EXPECT_ARG(usmp_abi_client_consume_challenge(buf, 100, 0, 64, c32, 32, d32, 32, dev, 6, psk, 20,
                                                     a32, 32, b32, 32, keys64, w, out, 32), what);
    }
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, 5, 0, key, 32, sid, 15, NULL, 0, 0, 0, NULL, 0), "session id of 15");
    EXPECT_ARG(usmp_abi_seal_frame(out, 600, 0, 5, 0, key, 32, sid, 17, NULL, 0, 0, 0, NULL, 0), "session id of 17");
    EXPECT_ARG(usmp_abi_x25519(NULL, 32, c32, 32, d32, 32), "null fixed array");
    EXPECT_ARG(usmp_abi_server_proof(a32, 32, psk, 15, c32, 32, sid, 16, d32, 32, c32, 32), "psk of 15");
    EXPECT_ARG(usmp_abi_server_proof(a32, 32, NULL, 0, c32, 32, sid, 16, d32, 32, c32, 32), "null psk");
    EXPECT_ARG(usmp_abi_server_consume_hello(buf, 100, 0, 38, dev, 5, a32, 32, cookie, 16), "device id 5");
}

static void good_paths(void)
{
    uint8_t frame[600], pt[600];
    int32_t len = -1, n;
    memset(frame, 0xEE, sizeof frame);
    memcpy(buf, "123456789", 9);
    CHECK(usmp_abi_crc16(buf, 9, 0, 9) == 0x4B37, "abi crc16 check value");
    CHECK(usmp_abi_crc16(NULL, 0, 0, 0) == 0xFFFF, "abi crc16 of a null array");
    n = usmp_abi_seal_frame(frame, 600, 100, 5, -1, key, 32, sid, 16, buf, 600, 2, 7, NULL, 0);
    CHECK(n == 47, "abi seal returns the frame length (%d)", (int)n);
    CHECK(frame[99] == 0xEE && frame[147] == 0xEE, "abi seal wrote outside its frame");
    CHECK(frame[104] == 0xFF && frame[107] == 0xFF, "seq -1 is u32 0xFFFFFFFF");
    len = usmp_abi_open_frame(pt, 600, 3, frame, 600, 100, 47, key, 32, sid, 16, NULL, 0);
    CHECK(len == 7 && memcmp(pt + 3, buf + 2, 7) == 0, "abi open round trip returns the length (%d)", (int)len);
    frame[130] ^= 1;
    memset(pt, 0xAA, sizeof pt);
    CHECK(usmp_abi_open_frame(pt, 600, 3, frame, 600, 100, 47, key, 32, sid, 16, NULL, 0) == USMP_S_CRC &&
              t_all_zero(pt + 3, 597) && pt[2] == 0xAA, "abi open failure zeroes the capacity only");
    CHECK(usmp_abi_seal_frame(frame, 40, 0, 6, 1, key, 32, sid, 16, NULL, 0, 0, 0, NULL, 0) == 40, "PING into exactly 40");
    memcpy(frame, "\xAC\xAC\x05\x01\x00\x00\x80", 7);
    CHECK(usmp_abi_utack_mac(frame, 600, 0, key, 32) == USMP_S_OK, "abi utack mac");
    CHECK(usmp_abi_utack_verify(frame, 15, 0, key, 32) == USMP_S_OK, "abi utack verify");
    frame[20] ^= 1; /* the MAC byte range is 7..14: a flip outside it must not matter */
    CHECK(usmp_abi_utack_verify(frame, 15, 0, key, 32) == USMP_S_OK, "abi utack verify ignores bytes past 15");
    frame[10] ^= 1;
    CHECK(usmp_abi_utack_verify(frame, 15, 0, key, 32) == USMP_S_AUTH, "abi utack verify refuses a flipped MAC");
    CHECK(usmp_abi_fill_random(out, 600, 590, 10) == USMP_S_OK, "fill_random tail");
    CHECK(usmp_abi_fill_random(NULL, 0, 0, 0) == USMP_S_OK, "fill_random nothing");
}

/* SealFrame / OpenFrame with the optional 15-byte UTACK output (one native call per UDP frame):
 * the spec §11 shared vector (key 01..20, acac0507000000 -> 4079b9599a160b87), written by the
 * seal for the frame it sealed and by the open only for a frame that authenticated. */
static void utack_outputs(void)
{
    static const uint8_t expect[15] = {0xAC, 0xAC, 0x05, 0x07, 0x00, 0x00, 0x00, 0x40, 0x79,
                                       0xB9, 0x59, 0x9A, 0x16, 0x0B, 0x87};
    uint8_t k[32], frame[100], pt[100], sealed[15], opened[15];
    int32_t n;
    int i;
    for (i = 0; i < 32; i++) {
        k[i] = (uint8_t)(i + 1);
    }
    memset(sealed, 0x55, sizeof sealed);
    n = usmp_abi_seal_frame(frame, 100, 0, 5, 7, k, 32, sid, 16, buf, 600, 0, 9, sealed, 15);
    CHECK(n == 49 && memcmp(sealed, expect, 15) == 0, "seal writes the UTACK the peer must send");
    memset(opened, 0x55, sizeof opened);
    CHECK(usmp_abi_open_frame(pt, 100, 0, frame, 100, 0, 49, k, 32, sid, 16, opened, 15) == 9 &&
              memcmp(opened, expect, 15) == 0, "open writes the UTACK for the frame it opened");
    frame[48] ^= 1; /* a tag byte */
    memset(opened, 0x55, sizeof opened);
    CHECK(usmp_abi_open_frame(pt, 100, 0, frame, 100, 0, 49, k, 32, sid, 16, opened, 15) < 0 &&
              t_all_zero(opened, 15), "a frame that does not open gets no UTACK (all zero)");
    EXPECT_ARG(usmp_abi_seal_frame(frame, 100, 0, 5, 7, k, 32, sid, 16, NULL, 0, 0, 0, sealed, 14), "seal: utack of 14");
    EXPECT_ARG(usmp_abi_seal_frame(frame, 100, 0, 5, 7, k, 32, sid, 16, NULL, 0, 0, 0, NULL, 15), "seal: null utack of 15");
    EXPECT_ARG(usmp_abi_open_frame(pt, 100, 0, frame, 100, 0, 49, k, 32, sid, 16, opened, 16), "open: utack of 16");
    EXPECT_ARG(usmp_abi_open_frame(pt, 100, 0, frame, 100, 0, 49, k, 32, sid, 16, opened, -1), "open: utack length -1");
}

int main(int argc, char **argv)
{
    (void)t_vectors_dir(argc, argv);
    memset(key, 7, sizeof key);
    memset(sid, 9, sizeof sid);
    memset(psk, 3, sizeof psk);
    memset(c32, 0x21, sizeof c32);
    memset(d32, 0x42, sizeof d32);
    range_functions();
    fixed_functions();
    good_paths();
    utack_outputs();
    return t_finish("abi_argument_validation");
}
