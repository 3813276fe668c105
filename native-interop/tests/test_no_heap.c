/*
 * test_no_heap.c - proves the "no heap" rule of the core (usmp_native.h): every operation, run
 * with the malloc family interposed, must not allocate, and neither may mbedTLS underneath it
 * (mbedtls_md_setup and mbedtls_gcm_setkey would: that is why HMAC/HKDF run on stack SHA-256
 * contexts and GCM on a stack AES context).
 *
 * glibc lets an executable define malloc/calloc/realloc/free; the shared libmbedcrypto binds to
 * them too. Outside the watched window they forward to glibc's own allocator.
 * Not built with the sanitizers (they intercept the same functions).
 */
#include <stdio.h>
#include <string.h>

#include "usmp_abi.h"
#include "usmp_native.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static int watching;
static int allocations;

void *malloc(size_t n) { allocations += watching; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { allocations += watching; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { allocations += watching; return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }

static int failures;
static int passes;

static void expect(int cond, const char *what)
{
    if (cond) {
        passes++;
    } else {
        failures++;
        printf("FAIL %s\n", what);
    }
}

/* Runs one operation inside the watched window and checks both its status and the count. */
#define NO_HEAP(what, want, call)                                                       \
    do {                                                                                \
        int st_;                                                                        \
        allocations = 0;                                                                \
        watching = 1;                                                                   \
        st_ = (call);                                                                   \
        watching = 0;                                                                   \
        expect(st_ == (want), what " status");                                         \
        if (allocations != 0) printf("  %s: %d allocation(s)\n", what, allocations);   \
        expect(allocations == 0, what " allocates nothing");                           \
    } while (0)

/* RFC 7748 §6.1 private keys (Alice = client, Bob = server). */
static const uint8_t alice[32] = {
    0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45,
    0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
static const uint8_t bob[32] = {
    0x5d, 0xab, 0x08, 0x7e, 0x62, 0x4a, 0x8a, 0x4b, 0x79, 0xe1, 0x7f, 0x8b, 0x83, 0x80, 0x0e, 0xe6,
    0x6f, 0x3b, 0xb1, 0x29, 0x26, 0x18, 0xb6, 0xfd, 0x1c, 0x2f, 0x8b, 0x27, 0xff, 0x88, 0xe0, 0xeb};
static const uint8_t psk[] = "usmp-dev-psk-change-me-before-prod";
static const uint8_t device_id[6] = {0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5};

int main(void)
{
    uint8_t pub_c[32], pub_s[32], nonce[32], sid[16], k_c2s[32], k_s2c[32], keys[64];
    uint8_t challenge[64], session_ok[48], hello[54], hmac_c[32], out_nonce[32], out_pub[32];
    uint8_t out_sid[16], out_id[6], out_cookie[16], priv[32], pub[32], shared[32];
    uint8_t frame[USMP_MAX_FRAME], pt[USMP_MAX_PLAINTEXT], msg[USMP_MAX_PLAINTEXT];
    uint8_t utack[15] = {0xAC, 0xAC, 0x05, 0x07, 0x00, 0x00, 0x00};
    uint8_t first[32], second[32], okm[64], mac[32], tag[16];
    size_t frame_len = 0, pt_len = 0, i;
    int has_cookie = 0;
    uint8_t type = 0;
    uint32_t seq = 0;
    const size_t psk_len = sizeof psk - 1;

    for (i = 0; i < sizeof nonce; i++) nonce[i] = (uint8_t)i;
    for (i = 0; i < sizeof sid; i++) sid[i] = (uint8_t)(0xa0 + i);
    for (i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7);

    NO_HEAP("usmp_random", USMP_S_OK, usmp_random(priv, sizeof priv));
    NO_HEAP("usmp_x25519_keypair", USMP_S_OK, usmp_x25519_keypair(priv, pub));
    NO_HEAP("usmp_x25519_base (client)", USMP_S_OK, usmp_x25519_base(pub_c, alice));
    NO_HEAP("usmp_x25519_base (server)", USMP_S_OK, usmp_x25519_base(pub_s, bob));
    NO_HEAP("usmp_x25519", USMP_S_OK, usmp_x25519(shared, alice, pub_s));
    NO_HEAP("usmp_derive_session_keys", USMP_S_OK,
            usmp_derive_session_keys(k_c2s, k_s2c, bob, pub_c, nonce, pub_c, pub_s));

    memcpy(challenge, nonce, 32);
    memcpy(challenge + 32, pub_s, 32);
    NO_HEAP("usmp_client_consume_challenge", USMP_S_OK,
            usmp_client_consume_challenge(challenge, sizeof challenge, alice, pub_c, device_id, psk,
                                          psk_len, out_nonce, out_pub, keys, hmac_c));
    expect(memcmp(keys, k_c2s, 32) == 0 && memcmp(keys + 32, k_s2c, 32) == 0, "client and server keys agree");

    memcpy(hello, device_id, 6);
    memcpy(hello + 6, pub_c, 32);
    memset(hello + 38, 0x5a, 16);
    NO_HEAP("usmp_server_consume_hello", USMP_S_OK,
            usmp_server_consume_hello(hello, sizeof hello, out_id, out_pub, out_cookie, &has_cookie));
    NO_HEAP("usmp_server_consume_hello_ack", USMP_S_OK,
            usmp_server_consume_hello_ack(hmac_c, sizeof hmac_c, psk, psk_len, nonce, device_id, pub_c, pub_s));
    memcpy(session_ok, sid, 16);
    NO_HEAP("usmp_server_proof", USMP_S_OK,
            usmp_server_proof(session_ok + 16, psk, psk_len, nonce, sid, pub_c, pub_s));
    NO_HEAP("usmp_client_consume_session_ok", USMP_S_OK,
            usmp_client_consume_session_ok(session_ok, sizeof session_ok, psk, psk_len, nonce, pub_c, pub_s, out_sid));
    session_ok[20] ^= 1u;
    NO_HEAP("usmp_client_consume_session_ok (forged)", USMP_S_AUTH,
            usmp_client_consume_session_ok(session_ok, sizeof session_ok, psk, psk_len, nonce, pub_c, pub_s, out_sid));
    NO_HEAP("usmp_parse_hello_retry", USMP_S_OK, usmp_parse_hello_retry(out_cookie, 16, out_cookie));

    NO_HEAP("usmp_seal_frame (452 B)", USMP_S_OK,
            usmp_seal_frame(frame, sizeof frame, 0, 0x05, 7, k_c2s, sid, msg, sizeof msg, &frame_len));
    NO_HEAP("usmp_open_frame (452 B)", USMP_S_OK,
            usmp_open_frame(pt, sizeof pt, &pt_len, frame, frame_len, k_c2s, sid));
    expect(pt_len == sizeof msg && memcmp(pt, msg, sizeof msg) == 0, "open gives the sealed plaintext");
    NO_HEAP("usmp_abi_open_frame (same frame)", (int)sizeof msg,
            usmp_abi_open_frame(pt, (int32_t)sizeof pt, 0, frame, (int32_t)frame_len, 0,
                                (int32_t)frame_len, k_c2s, 32, sid, 16, utack, 15));
    frame[frame_len - 3] ^= 0x10u; /* a tag bit; the CRC then fails first, as on the wire */
    NO_HEAP("usmp_open_frame (tampered)", USMP_S_CRC,
            usmp_open_frame(pt, sizeof pt, &pt_len, frame, frame_len, k_c2s, sid));

    NO_HEAP("usmp_utack_mac", USMP_S_OK, usmp_utack_mac(utack + 7, k_s2c, utack));
    NO_HEAP("usmp_utack_verify", USMP_S_OK, usmp_utack_verify(utack + 7, k_s2c, utack));
    NO_HEAP("usmp_parse_utack", USMP_S_OK, usmp_parse_utack(utack, sizeof utack, &type, &seq, &has_cookie));
    NO_HEAP("usmp_rekey_derive", USMP_S_OK, usmp_rekey_derive(first, second, k_c2s, k_s2c, nonce, sid));
    NO_HEAP("usmp_hkdf_sha256", USMP_S_OK,
            usmp_hkdf_sha256(okm, sizeof okm, shared, 32, nonce, 32, psk, psk_len));
    NO_HEAP("usmp_hmac_sha256", USMP_S_OK, usmp_hmac_sha256(mac, psk, psk_len, msg, sizeof msg));
    NO_HEAP("usmp_aes256gcm_seal", USMP_S_OK,
            usmp_aes256gcm_seal(frame, tag, k_c2s, nonce, 12, sid, 16, msg, 100));
    NO_HEAP("usmp_aes256gcm_open", USMP_S_OK,
            usmp_aes256gcm_open(pt, k_c2s, nonce, 12, sid, 16, frame, 100, tag));
    NO_HEAP("usmp_abi_crc16", 0x4B37, usmp_abi_crc16((const uint8_t *)"123456789", 9, 0, 9));

    printf("%d passed, %d failed\n", passes, failures);
    return failures == 0 && passes > 0 ? 0 : 1;
}
