/* ct_check.c - constant-time check under valgrind memcheck.
 *
 * Secrets (private keys, PSK, session keys, plaintext) are marked undefined with
 * VALGRIND_MAKE_MEM_UNDEFINED. Memcheck then reports every conditional jump, and every memory
 * address, that depends on them. Only values the protocol makes public are re-marked defined:
 * public keys, proofs and frames that go on the wire, and the returned status (the verdict of a
 * check is public; the core declassifies it the same way, see USMP_DECLASSIFY).
 *
 * Run through cmake/run_ct_check.cmake: valgrind --error-exitcode=1 --track-origins=yes. It runs
 * once per AES backend (src/aes_block.h); every path keyed by AES (seal, open: good, stale CRC,
 * forged tag, wrong carried nonce, forged ciphertext; the ABI's seal and open that also write the
 * UTACK) runs with each, next to the handshake consumers, UTACK MAC and rekey. Linked to mbedTLS's table-based AES it MUST be reported.
 * `ct_check --leak-self-test` branches on a secret on purpose; the runner requires memcheck to
 * flag it, which proves the harness can fail. */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "usmp_abi.h"
#include "usmp_native.h"

const char *usmp_aes_backend_name(void); /* src/aes_block.c: the AES this build runs here */

#define SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))

static int passed, failed;

static void expect(int st, int want, const char *what)
{
    PUBLIC(&st, sizeof st); /* the status is public */
    if (st == want) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: status %d, want %d\n", what, st, want);
    }
}

static uint8_t priv_c[32], priv_s[32], psk[34], nonce[32], sid[16], dev[6];
static uint8_t pub_c[32], pub_s[32], keys_c[64], k_c2s_s[32], k_s2c_s[32], hmac_c[32];

static void handshake(void)
{
    uint8_t payload[64], n2[32], ps2[32], got_sid[16], mac[32], ok48[48];
    expect(usmp_x25519_base(pub_c, priv_c), USMP_S_OK, "x25519 base client");
    expect(usmp_x25519_base(pub_s, priv_s), USMP_S_OK, "x25519 base server");
    PUBLIC(pub_c, 32); /* public keys go on the wire */
    PUBLIC(pub_s, 32);
    memcpy(payload, nonce, 32);
    memcpy(payload + 32, pub_s, 32);
    expect(usmp_client_consume_challenge(payload, 64, priv_c, pub_c, dev, psk, sizeof psk, n2, ps2,
                                         keys_c, hmac_c), USMP_S_OK, "consume CHALLENGE");
    PUBLIC(hmac_c, 32); /* HELLO_ACK payload */
    expect(usmp_derive_session_keys(k_c2s_s, k_s2c_s, priv_s, pub_c, nonce, pub_c, pub_s), USMP_S_OK,
           "server derive");
    expect(usmp_server_consume_hello_ack(hmac_c, 32, psk, sizeof psk, nonce, dev, pub_c, pub_s),
           USMP_S_OK, "HELLO_ACK good proof");
    hmac_c[5] ^= 4;
    expect(usmp_server_consume_hello_ack(hmac_c, 32, psk, sizeof psk, nonce, dev, pub_c, pub_s),
           USMP_S_AUTH, "HELLO_ACK bad proof");
    expect(usmp_server_proof(mac, psk, sizeof psk, nonce, sid, pub_c, pub_s), USMP_S_OK, "server proof");
    PUBLIC(mac, 32); /* SESSION_OK payload */
    memcpy(ok48, sid, 16);
    memcpy(ok48 + 16, mac, 32);
    expect(usmp_client_consume_session_ok(ok48, 48, psk, sizeof psk, nonce, pub_c, pub_s, got_sid),
           USMP_S_OK, "SESSION_OK good proof");
    ok48[40] ^= 1;
    expect(usmp_client_consume_session_ok(ok48, 48, psk, sizeof psk, nonce, pub_c, pub_s, got_sid),
           USMP_S_AUTH, "SESSION_OK bad proof");
}

static void fix_crc(uint8_t *frame, size_t n)
{
    uint8_t tmp[492];
    uint16_t crc;
    memcpy(tmp, frame, 10);
    memcpy(tmp + 10, frame + 12, n - 12);
    crc = usmp_crc16(tmp, n - 2);
    frame[10] = (uint8_t)crc;
    frame[11] = (uint8_t)(crc >> 8);
}

static void frames(void)
{
    uint8_t pt[100], frame[492], back[452], first[32], second[32], salt[32], utack[15];
    size_t n = 0, back_len = 0;
    memset(pt, 0x61, sizeof pt);
    SECRET(pt, sizeof pt);
    expect(usmp_seal_frame(frame, sizeof frame, 0, 5, 3, keys_c, sid, pt, sizeof pt, &n), USMP_S_OK,
           "seal");
    PUBLIC(&n, sizeof n);
    PUBLIC(frame, sizeof frame); /* the sealed frame is what goes on the wire */
    expect(usmp_open_frame(back, sizeof back, &back_len, frame, n, k_c2s_s, sid), USMP_S_OK, "open good");
    frame[n - 1] ^= 1; /* forged tag */
    expect(usmp_open_frame(back, sizeof back, &back_len, frame, n, k_c2s_s, sid), USMP_S_CRC,
           "open with a stale CRC");
    fix_crc(frame, n);
    expect(usmp_open_frame(back, sizeof back, &back_len, frame, n, k_c2s_s, sid), USMP_S_AUTH,
           "open forged tag");
    frame[n - 1] ^= 1;
    frame[4] ^= 1; /* seq changed: carried nonce no longer matches */
    fix_crc(frame, n);
    expect(usmp_open_frame(back, sizeof back, &back_len, frame, n, k_c2s_s, sid), USMP_S_AUTH,
           "open with a wrong carried nonce");
    memset(salt, 0x5A, sizeof salt);
    expect(usmp_rekey_derive(first, second, keys_c, keys_c + 32, salt, sid), USMP_S_OK, "rekey");
    memcpy(utack, "\xAC\xAC\x05\x03\x00\x00\x00", 7);
    expect(usmp_utack_mac(utack + 7, first, utack), USMP_S_OK, "utack mac");
    PUBLIC(utack, sizeof utack);
    expect(usmp_utack_verify(utack + 7, first, utack), USMP_S_OK, "utack verify good");
    utack[14] ^= 1;
    expect(usmp_utack_verify(utack + 7, first, utack), USMP_S_AUTH, "utack verify forged");
}

static void open_forged_with_good_crc(void)
{
    /* A forged ciphertext with a valid CRC reaches the constant-time tag check. */
    uint8_t pt[20] = {0}, frame[60], back[32];
    size_t n = 0, back_len;
    SECRET(pt, sizeof pt);
    expect(usmp_seal_frame(frame, sizeof frame, 0, 5, 4, keys_c, sid, pt, sizeof pt, &n), USMP_S_OK,
           "seal 2");
    PUBLIC(&n, sizeof n);
    PUBLIC(frame, sizeof frame);
    frame[26] ^= 0x40;
    fix_crc(frame, n);
    expect(usmp_open_frame(back, sizeof back, &back_len, frame, n, k_c2s_s, sid), USMP_S_AUTH,
           "open forged ciphertext (good CRC)");
}

/* One native call per UDP frame (usmp_abi.h): the seal also writes the UTACK the peer must send,
 * the open the UTACK to send (only for a frame that authenticated), both MACed under the secret
 * frame key; neither may branch on it or on the plaintext. */
static void abi_frames_with_utack(void)
{
    uint8_t pt[40], frame[80], back[40], sent[15], got[15], zero[15] = {0};
    int32_t n;
    memset(pt, 0x42, sizeof pt);
    SECRET(pt, sizeof pt);
    n = usmp_abi_seal_frame(frame, 80, 0, 5, 9, keys_c, 32, sid, 16, pt, 40, 0, 40, sent, 15);
    PUBLIC(&n, sizeof n);
    expect(n == 80 ? USMP_S_OK : USMP_S_ARG, USMP_S_OK, "abi seal with the UTACK to expect");
    PUBLIC(frame, sizeof frame);
    n = usmp_abi_open_frame(back, 40, 0, frame, 80, 0, 80, k_c2s_s, 32, sid, 16, got, 15);
    PUBLIC(&n, sizeof n);
    expect(n == 40 ? USMP_S_OK : USMP_S_ARG, USMP_S_OK, "abi open with the UTACK to send");
    PUBLIC(sent, sizeof sent); /* both go on the wire (the peer sends `sent`) */
    PUBLIC(got, sizeof got);
    expect(memcmp(sent, got, 15) == 0 ? USMP_S_OK : USMP_S_AUTH, USMP_S_OK, "the open's UTACK is the seal's");
    frame[79] ^= 1; /* forged tag */
    fix_crc(frame, 80);
    n = usmp_abi_open_frame(back, 40, 0, frame, 80, 0, 80, k_c2s_s, 32, sid, 16, got, 15);
    PUBLIC(&n, sizeof n);
    PUBLIC(got, sizeof got);
    expect(n == USMP_S_AUTH && memcmp(got, zero, 15) == 0 ? USMP_S_OK : USMP_S_ARG, USMP_S_OK,
           "abi open of a forged frame: no UTACK");
}

static int leak_self_test(void)
{
    volatile uint8_t secret[1] = {1};
    SECRET((void *)secret, 1);
    if (secret[0] == 1) { /* a deliberate secret-dependent branch */
        printf("leak self-test: branched on a secret\n");
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t i;
    if (!RUNNING_ON_VALGRIND) {
        printf("ct_check must run under valgrind (memcheck)\n0 passed, 1 failed\n");
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "--leak-self-test") == 0) {
        return leak_self_test();
    }
    for (i = 0; i < 32; i++) {
        priv_c[i] = (uint8_t)(3 * i + 1);
        priv_s[i] = (uint8_t)(5 * i + 2);
        nonce[i] = (uint8_t)i;
    }
    memcpy(psk, "usmp-dev-psk-change-me-before-prod", 34);
    memset(sid, 0xA5, sizeof sid);
    memset(dev, 0x3C, sizeof dev);
    printf("ct_check: AES backend %s\n", usmp_aes_backend_name());
    SECRET(priv_c, 32);
    SECRET(priv_s, 32);
    SECRET(psk, sizeof psk);
    handshake();
    SECRET(keys_c, 64); /* session keys stay secret (they already are, derived from secrets) */
    SECRET(k_c2s_s, 32);
    frames();
    open_forged_with_good_crc();
    abi_frames_with_utack();
    printf("ct_check: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
