/* test_tamper.c - properties no vector file covers:
 *  - a sealed frame with one flipped bit in the key, carried nonce, header/AAD, ciphertext or
 *    tag is refused with the right status and the plaintext buffer left fully zeroed;
 *  - plaintext lengths 0, 1, 451, 452 seal and open, 453 is refused; payload 480 opens,
 *    a declared payload of 481 is malformed;
 *  - canary bytes after every output buffer stay intact;
 *  - handshake consumers refuse wrong lengths / bad proofs / low-order points with zeroed outputs;
 *  - REKEY: the initiator's (tx, rx) is the responder's (rx, tx). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

#define CANARY 0xC3
#define CAP 452u

static uint8_t KEY[32], SID[16];

static void fill(uint8_t *p, size_t n, uint8_t v)
{
    memset(p, v, n);
}

static int canary_ok(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != CANARY) {
            return 0;
        }
    }
    return 1;
}

static void put_crc(uint8_t *f, size_t n)
{
    uint8_t tmp[492];
    uint16_t crc;
    memcpy(tmp, f, 10);
    memcpy(tmp + 10, f + 12, n - 12);
    crc = usmp_crc16(tmp, n - 2);
    f[10] = (uint8_t)crc;
    f[11] = (uint8_t)(crc >> 8);
}

/* Open with pt prefilled 0xAA and a canary after pt_cap; expect status, zeroed pt, intact canary. */
static void expect_open(int want, const uint8_t *f, size_t n, const uint8_t *key, const char *what)
{
    uint8_t pt[CAP + 16];
    size_t pt_len = 12345;
    int st;
    fill(pt, CAP, 0xAA);
    fill(pt + CAP, 16, CANARY);
    st = usmp_open_frame(pt, CAP, &pt_len, f, n, key, SID);
    CHECK(st == want, "%s: status %d, want %d", what, st, want);
    if (want != USMP_S_OK) {
        CHECK(t_all_zero(pt, CAP) && pt_len == 0, "%s: output not zeroed", what);
    }
    CHECK(canary_ok(pt + CAP, 16), "%s: canary overwritten", what);
}

static size_t seal(uint8_t *f, size_t pt_len, uint32_t seq)
{
    uint8_t pt[CAP];
    size_t n = 0, i;
    for (i = 0; i < pt_len; i++) {
        pt[i] = (uint8_t)(i * 7 + 1);
    }
    CHECK(usmp_seal_frame(f, 492, 0, 0x05, seq, KEY, SID, pt, pt_len, &n) == USMP_S_OK, "seal %zu", pt_len);
    return n;
}

static void tamper_tests(void)
{
    uint8_t f[492], g[492], key[32];
    size_t n = seal(f, 13, 7), i;
    char what[64];
    expect_open(USMP_S_OK, f, n, KEY, "untampered");
    for (i = 0; i < 32; i++) { /* key: one bit in each byte */
        memcpy(key, KEY, 32);
        key[i] ^= (uint8_t)(1u << (i % 8));
        snprintf(what, sizeof what, "key bit in byte %zu", i);
        expect_open(USMP_S_AUTH, f, n, key, what);
    }
    for (i = 0; i < n; i++) { /* every bit of the frame, CRC left stale */
        unsigned bit;
        for (bit = 0; bit < 8; bit++) {
            int want;
            memcpy(g, f, n);
            g[i] ^= (uint8_t)(1u << bit);
            want = (i < 3 || i == 8 || i == 9) ? USMP_S_MALFORMED : USMP_S_CRC;
            snprintf(what, sizeof what, "stale-CRC bit %u of byte %zu", bit, i);
            expect_open(want, g, n, KEY, what);
        }
    }
    for (i = 3; i < n; i++) { /* with a fixed-up CRC: AAD, nonce, ciphertext, tag -> AUTH */
        if (i == 8 || i == 9 || i == 10 || i == 11) {
            continue;
        }
        memcpy(g, f, n);
        g[i] ^= 0x10;
        put_crc(g, n);
        snprintf(what, sizeof what, "authenticated byte %zu (%s)", i,
                 i < 12 ? "header/AAD" : i < 24 ? "carried nonce" : i < n - 16 ? "ciphertext" : "tag");
        expect_open(USMP_S_AUTH, g, n, KEY, what);
    }
}

static void boundary_tests(void)
{
    static const size_t ok_lens[] = {0, 1, 451, 452};
    uint8_t f[492 + 16], pt[CAP + 1], back[CAP + 16];
    size_t i, n, back_len;
    for (i = 0; i < 4; i++) {
        fill(f, sizeof f, CANARY);
        n = seal(f, ok_lens[i], (uint32_t)i);
        CHECK(n == 40 + ok_lens[i], "frame length for %zu", ok_lens[i]);
        CHECK(canary_ok(f + n, sizeof f - n), "seal canary (pt %zu)", ok_lens[i]);
        fill(back, sizeof back, CANARY);
        CHECK(usmp_open_frame(back, ok_lens[i], &back_len, f, n, KEY, SID) == USMP_S_OK,
              "open with exact capacity %zu", ok_lens[i]);
        CHECK(canary_ok(back + ok_lens[i], sizeof back - ok_lens[i]), "open canary %zu", ok_lens[i]);
        if (ok_lens[i] > 0) {
            CHECK(usmp_open_frame(back, ok_lens[i] - 1, &back_len, f, n, KEY, SID) == USMP_S_ARG,
                  "capacity one short refused (%zu)", ok_lens[i]);
        }
    }
    /* 453 bytes of plaintext: refused, the output region zeroed, nothing beyond touched */
    memset(pt, 1, sizeof pt);
    fill(f, sizeof f, CANARY);
    CHECK(usmp_seal_frame(f, 492, 0, 5, 0, KEY, SID, pt, 453, &n) == USMP_S_ARG && n == 0, "pt 453");
    CHECK(t_all_zero(f, 492) && canary_ok(f + 492, 16), "pt 453: output zeroed, canary intact");
    fill(f, sizeof f, CANARY);
    CHECK(usmp_seal_frame(f, 100, 61, 5, 0, KEY, SID, pt, 0, &n) == USMP_S_ARG, "out_off + 40 > cap");
    CHECK(usmp_seal_frame(f, 100, 101, 5, 0, KEY, SID, pt, 0, &n) == USMP_S_ARG, "out_off > cap");
    CHECK(usmp_seal_frame(f, 100, 60, 5, 0, KEY, SID, pt, 0, &n) == USMP_S_OK && n == 40, "exact fit");
    CHECK(usmp_seal_frame(f, 492, 0, 5, 0, KEY, SID, f + 20, 10, &n) == USMP_S_ARG, "overlap refused");
    /* payload 480 opens; declared 481 with 481 bytes present is malformed */
    n = seal(f, 452, 9);
    CHECK(n == 492 && f[8] == 0xE0 && f[9] == 0x01, "payload 480 header");
    expect_open(USMP_S_OK, f, n, KEY, "payload 480");
    {
        uint8_t big[493];
        memcpy(big, f, 492);
        big[492] = 0;
        big[8] = 0xE1; /* 481 */
        put_crc(big, 493);
        expect_open(USMP_S_MALFORMED, big, 493, KEY, "payload 481");
        expect_open(USMP_S_MALFORMED, f, 39, KEY, "frame shorter than 40");
        f[8] = 0xDF;
        expect_open(USMP_S_MALFORMED, f, 492, KEY, "declared length != actual");
    }
}

static void consumer_tests(void)
{
    uint8_t payload[64], nonce[32], pub_s[32], keys[64], hmac[32], sid[16], dev[6], pub_c[32];
    uint8_t priv[32], psk[16], cookie[16];
    int has = 7;
    memset(priv, 0x11, 32);
    memset(psk, 0x22, 16);
    memset(dev, 0x33, 6);
    memset(pub_c, 0x44, 32);
    memset(payload, 0x55, sizeof payload);
    fill(nonce, 32, 0xAA); fill(pub_s, 32, 0xAA); fill(keys, 64, 0xAA); fill(hmac, 32, 0xAA);
    CHECK(usmp_client_consume_challenge(payload, 63, priv, pub_c, dev, psk, 16, nonce, pub_s, keys,
                                        hmac) == USMP_S_MALFORMED, "CHALLENGE 63 bytes");
    CHECK(t_all_zero(nonce, 32) && t_all_zero(pub_s, 32) && t_all_zero(keys, 64) &&
          t_all_zero(hmac, 32), "CHALLENGE malformed: outputs zeroed");
    memset(payload + 32, 0, 32); /* pub_S = 0: a low-order point, shared secret all zero */
    fill(keys, 64, 0xAA);
    CHECK(usmp_client_consume_challenge(payload, 64, priv, pub_c, dev, psk, 16, nonce, pub_s, keys,
                                        hmac) == USMP_S_ZERO_SHARED, "CHALLENGE with pub_S = 0");
    CHECK(t_all_zero(keys, 64) && t_all_zero(hmac, 32), "zero shared: outputs zeroed");
    memset(payload + 32, 9, 1);
    CHECK(usmp_client_consume_challenge(payload, 64, priv, pub_c, dev, psk, 15, nonce, pub_s, keys,
                                        hmac) == USMP_S_ARG, "PSK of 15 bytes refused");
    fill(sid, 16, 0xAA);
    CHECK(usmp_client_consume_session_ok(payload, 48, psk, 16, nonce, pub_c, pub_s, sid) ==
              USMP_S_AUTH, "SESSION_OK with a bad proof");
    CHECK(t_all_zero(sid, 16), "bad SESSION_OK: session_id zeroed");
    CHECK(usmp_client_consume_session_ok(payload, 47, psk, 16, nonce, pub_c, pub_s, sid) ==
              USMP_S_MALFORMED, "SESSION_OK 47 bytes");
    CHECK(usmp_server_consume_hello_ack(payload, 32, psk, 16, nonce, dev, pub_c, pub_s) ==
              USMP_S_AUTH, "HELLO_ACK bad proof");
    CHECK(usmp_server_consume_hello_ack(payload, 33, psk, 16, nonce, dev, pub_c, pub_s) ==
              USMP_S_MALFORMED, "HELLO_ACK 33 bytes");
    fill(dev, 6, 0xAA); fill(cookie, 16, 0xAA);
    CHECK(usmp_server_consume_hello(payload, 39, dev, pub_c, cookie, &has) == USMP_S_MALFORMED &&
              has == 0 && t_all_zero(dev, 6) && t_all_zero(cookie, 16), "HELLO 39 bytes");
    CHECK(usmp_parse_hello_retry(payload, 15, cookie) == USMP_S_MALFORMED, "HELLO_RETRY 15");
    {
        uint8_t u[15] = {0xAC, 0xAC, 5, 1, 0, 0, 0};
        uint8_t type;
        uint32_t seq;
        int mac;
        CHECK(usmp_parse_utack(u, 8, &type, &seq, &mac) == USMP_S_MALFORMED, "UTACK 8 bytes");
        u[1] = 0xAD;
        CHECK(usmp_parse_utack(u, 7, &type, &seq, &mac) == USMP_S_MALFORMED, "UTACK bad magic");
    }
}

static void rekey_tests(void)
{
    uint8_t a_tx[32], a_rx[32], salt[32], first[32], second[32], r_first[32], r_second[32];
    uint8_t ikm[64], info[26], okm[64], f[492], back[64];
    size_t n, back_len;
    memset(a_tx, 0x01, 32);
    memset(a_rx, 0x02, 32);
    memset(salt, 0x03, 32);
    /* initiator A: (tx, rx) = (first, second) from its own (tx, rx) */
    CHECK(usmp_rekey_derive(first, second, a_tx, a_rx, salt, SID) == USMP_S_OK, "rekey initiator");
    /* responder B holds (tx, rx) = (a_rx, a_tx); it passes the initiator's (tx, rx) = (its rx, its tx) */
    CHECK(usmp_rekey_derive(r_first, r_second, a_tx, a_rx, salt, SID) == USMP_S_OK, "rekey responder");
    /* responder takes (rx, tx) = (first, second): A.tx == B.rx and A.rx == B.tx */
    t_bytes_eq(first, r_first, 32, "initiator tx == responder rx");
    t_bytes_eq(second, r_second, 32, "initiator rx == responder tx");
    CHECK(memcmp(first, second, 32) != 0, "directional keys differ");
    memcpy(ikm, a_tx, 32);
    memcpy(ikm + 32, a_rx, 32);
    memcpy(info, "usmp-rekey", 10);
    memcpy(info + 10, SID, 16);
    CHECK(usmp_hkdf_sha256(okm, 64, ikm, 64, salt, 32, info, 26) == USMP_S_OK, "rekey hkdf");
    t_bytes_eq(first, okm, 32, "first = okm[0:32]");
    t_bytes_eq(second, okm + 32, 32, "second = okm[32:64]");
    CHECK(usmp_seal_frame(f, sizeof f, 0, 5, 0, first, SID, (const uint8_t *)"after rekey", 11, &n) ==
              USMP_S_OK, "seal with new initiator tx");
    CHECK(usmp_open_frame(back, sizeof back, &back_len, f, n, r_first, SID) == USMP_S_OK &&
              back_len == 11, "responder opens with its new rx");
    salt[0] ^= 1;
    CHECK(usmp_rekey_derive(r_first, r_second, a_tx, a_rx, salt, SID) == USMP_S_OK &&
              memcmp(r_first, first, 32) != 0, "another salt gives other keys");
}

int main(int argc, char **argv)
{
    size_t i;
    (void)t_vectors_dir(argc, argv);
    for (i = 0; i < 32; i++) {
        KEY[i] = (uint8_t)(0x80 + i);
    }
    for (i = 0; i < 16; i++) {
        SID[i] = (uint8_t)(0xA0 + i);
    }
    tamper_tests();
    boundary_tests();
    consumer_tests();
    rekey_tests();
    return t_finish("tamper_and_boundaries");
}
