/* test_handshake_transcript.c <vectors-dir> <transcript.json>
 * Replays handshake-transcript.json (TCP) or handshake-transcript-udp.json (UDP): from the
 * RFC 7748 §6.1 private keys, the nonce and the session id, it must reproduce pub_C/pub_S, the
 * shared secret, the HKDF output, both keys and both proofs, through the message consumers
 * fed with the transcript's own payloads; every encrypted frame must seal to the exact wire
 * bytes and open back to its plaintext; every UTACK must parse and its MAC verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

typedef struct {
    uint8_t psk[64];
    size_t psk_len;
    uint8_t device_id[6], priv_c[32], priv_s[32], nonce[32], sid[16];
    uint8_t pub_c[32], pub_s[32], shared[32], okm[64], hmac_c[32], hmac_s[32];
    uint8_t cookie[16];
    int has_cookie_vector;
} transcript;

static void load_inputs(transcript *t, const json *root)
{
    const json *in = json_get(root, "inputs");
    const json *d = json_get(root, "derived");
    const json *udp = json_get(root, "udp_inputs");
    size_t n;
    uint8_t *psk = t_hex(json_gets(in, "psk_hex"), &n);
    CHECK(n >= 16 && n <= sizeof t->psk, "psk length %zu", n);
    memcpy(t->psk, psk, n < sizeof t->psk ? n : sizeof t->psk);
    t->psk_len = n;
    free(psk);
    t_hex_into(t->device_id, 6, json_gets(in, "device_id_hex"));
    t_hex_into(t->priv_c, 32, json_gets(in, "client_ephemeral_private_hex"));
    t_hex_into(t->priv_s, 32, json_gets(in, "server_ephemeral_private_hex"));
    t_hex_into(t->nonce, 32, json_gets(in, "handshake_nonce_hex"));
    t_hex_into(t->sid, 16, json_gets(in, "session_id_hex"));
    t_hex_into(t->pub_c, 32, json_gets(d, "client_public_hex (pub_C)"));
    t_hex_into(t->pub_s, 32, json_gets(d, "server_public_hex (pub_S)"));
    t_hex_into(t->shared, 32, json_gets(d, "x25519_shared_secret_hex (HKDF ikm)"));
    t_hex_into(t->okm, 64, json_gets(json_get(d, "hkdf"), "okm_hex"));
    t_hex_into(t->hmac_c, 32, json_gets(json_get(d, "hmac_client"), "value_hex"));
    t_hex_into(t->hmac_s, 32, json_gets(json_get(d, "hmac_server"), "value_hex"));
    t->has_cookie_vector = udp != NULL;
    if (udp != NULL) {
        t_hex_into(t->cookie, 16, json_gets(udp, "cookie_hex"));
    }
}

/* pub keys, shared secret, HKDF (salt, info, okm) and both directional keys. */
static void check_derivation(const transcript *t, const json *root)
{
    const json *hk = json_get(json_get(root, "derived"), "hkdf");
    uint8_t out[32], okm[64], k1[32], k2[32], info[71];
    CHECK(usmp_x25519_base(out, t->priv_c) == USMP_S_OK, "x25519_base client");
    t_bytes_eq(out, t->pub_c, 32, "pub_C");
    CHECK(usmp_x25519_base(out, t->priv_s) == USMP_S_OK, "x25519_base server");
    t_bytes_eq(out, t->pub_s, 32, "pub_S");
    CHECK(usmp_x25519(out, t->priv_c, t->pub_s) == USMP_S_OK, "x25519 client");
    t_bytes_eq(out, t->shared, 32, "shared (client side)");
    CHECK(usmp_x25519(out, t->priv_s, t->pub_c) == USMP_S_OK, "x25519 server");
    t_bytes_eq(out, t->shared, 32, "shared (server side)");
    memcpy(info, "usmp-v2", 7);
    memcpy(info + 7, t->pub_c, 32);
    memcpy(info + 39, t->pub_s, 32);
    t_hex_into(k1, 32, json_gets(hk, "salt_hex"));
    t_bytes_eq(k1, t->nonce, 32, "HKDF salt = nonce");
    {
        size_t n;
        uint8_t *want_info = t_hex(json_gets(hk, "info_hex"), &n);
        CHECK(n == 71, "info length");
        t_bytes_eq(info, want_info, 71, "HKDF info");
        free(want_info);
    }
    CHECK(usmp_hkdf_sha256(okm, 64, t->shared, 32, t->nonce, 32, info, 71) == USMP_S_OK, "hkdf");
    t_bytes_eq(okm, t->okm, 64, "HKDF okm");
    CHECK(usmp_derive_session_keys(k1, k2, t->priv_c, t->pub_s, t->nonce, t->pub_c, t->pub_s) ==
              USMP_S_OK, "derive (client)");
    t_bytes_eq(k1, t->okm, 32, "k_c2s (client)");
    t_bytes_eq(k2, t->okm + 32, 32, "k_s2c (client)");
    CHECK(usmp_derive_session_keys(k1, k2, t->priv_s, t->pub_c, t->nonce, t->pub_c, t->pub_s) ==
              USMP_S_OK, "derive (server)");
    t_bytes_eq(k1, t->okm, 32, "k_c2s (server)");
    t_bytes_eq(k2, t->okm + 32, 32, "k_s2c (server)");
}

static void on_hello(const transcript *t, const uint8_t *p, size_t n)
{
    uint8_t dev[6], pub[32], cookie[16];
    int has = -1;
    CHECK(usmp_server_consume_hello(p, n, dev, pub, cookie, &has) == USMP_S_OK, "HELLO");
    t_bytes_eq(dev, t->device_id, 6, "HELLO device_id");
    t_bytes_eq(pub, t->pub_c, 32, "HELLO pub_C");
    CHECK(has == (n == 54), "HELLO has_cookie");
    if (has == 1) {
        CHECK(t->has_cookie_vector, "cookie HELLO outside UDP");
        t_bytes_eq(cookie, t->cookie, 16, "HELLO cookie");
    }
}

static void on_challenge(const transcript *t, const uint8_t *p, size_t n)
{
    uint8_t nonce[32], pub_s[32], keys[64], hmac[32];
    CHECK(usmp_client_consume_challenge(p, n, t->priv_c, t->pub_c, t->device_id, t->psk,
                                        t->psk_len, nonce, pub_s, keys, hmac) == USMP_S_OK,
          "CHALLENGE");
    t_bytes_eq(nonce, t->nonce, 32, "CHALLENGE nonce");
    t_bytes_eq(pub_s, t->pub_s, 32, "CHALLENGE pub_S");
    t_bytes_eq(keys, t->okm, 64, "CHALLENGE keys");
    t_bytes_eq(hmac, t->hmac_c, 32, "hmac_client");
}

static void on_hello_ack(const transcript *t, const uint8_t *p, size_t n)
{
    uint8_t forged[32];
    CHECK(n == 32, "HELLO_ACK length");
    t_bytes_eq(p, t->hmac_c, n < 32 ? n : 32, "HELLO_ACK payload = hmac_client");
    CHECK(usmp_server_consume_hello_ack(p, n, t->psk, t->psk_len, t->nonce, t->device_id,
                                        t->pub_c, t->pub_s) == USMP_S_OK, "HELLO_ACK verify");
    memcpy(forged, p, 32);
    forged[31] ^= 0x80;
    CHECK(usmp_server_consume_hello_ack(forged, 32, t->psk, t->psk_len, t->nonce, t->device_id,
                                        t->pub_c, t->pub_s) == USMP_S_AUTH, "forged HELLO_ACK");
}

static void on_session_ok(const transcript *t, const uint8_t *p, size_t n)
{
    uint8_t sid[16], mac[32];
    CHECK(usmp_client_consume_session_ok(p, n, t->psk, t->psk_len, t->nonce, t->pub_c, t->pub_s,
                                         sid) == USMP_S_OK, "SESSION_OK");
    t_bytes_eq(sid, t->sid, 16, "session_id");
    CHECK(usmp_server_proof(mac, t->psk, t->psk_len, t->nonce, t->sid, t->pub_c, t->pub_s) ==
              USMP_S_OK, "server proof");
    t_bytes_eq(mac, t->hmac_s, 32, "hmac_server");
    CHECK(n == 48 && memcmp(p + 16, t->hmac_s, 32) == 0, "SESSION_OK payload carries hmac_server");
}

static void on_encrypted(const transcript *t, const json *enc, const uint8_t *wire, size_t n,
                         uint8_t type, uint32_t seq)
{
    const char *which = json_gets(enc, "gcm_key");
    const uint8_t *key = (which != NULL && strcmp(which, "k_s2c") == 0) ? t->okm + 32 : t->okm;
    uint8_t frame[492], back[452];
    size_t pt_len, flen, back_len;
    uint8_t *pt = t_hex(json_gets(enc, "plaintext_hex"), &pt_len);
    CHECK(which != NULL, "gcm_key missing");
    CHECK(usmp_seal_frame(frame, sizeof frame, 0, type, seq, key, t->sid, pt, pt_len, &flen) ==
              USMP_S_OK, "seal seq %u", seq);
    CHECK(flen == n, "sealed length %zu != wire %zu", flen, n);
    t_bytes_eq(frame, wire, n < flen ? n : flen, "sealed frame vs wire");
    CHECK(usmp_open_frame(back, sizeof back, &back_len, wire, n, key, t->sid) == USMP_S_OK,
          "open wire frame seq %u", seq);
    CHECK(back_len == pt_len && memcmp(back, pt, pt_len) == 0, "opened plaintext seq %u", seq);
    free(pt);
}

static void on_frame(const transcript *t, const json *e, int *seen)
{
    size_t n;
    uint8_t *b = t_hex(json_gets(e, "bytes_hex"), &n);
    const json *fr = json_get(e, "frame");
    const json *enc = json_get(e, "encrypted");
    uint8_t type = (uint8_t)strtoul(json_gets(fr, "type") ? json_gets(fr, "type") : "0", NULL, 16);
    uint32_t seq = (uint32_t)json_num(json_get(fr, "seq"));
    if (!CHECK(n >= 12, "short frame")) {
        free(b);
        return;
    }
    {
        uint8_t *cat = malloc(n);
        memcpy(cat, b, 10);
        memcpy(cat + 10, b + 12, n - 12);
        CHECK(usmp_crc16(cat, n - 2) == (uint16_t)(b[10] | (b[11] << 8)), "frame CRC type %u", type);
        free(cat);
    }
    seen[type]++;
    switch (type) {
    case 0x01: on_hello(t, b + 12, n - 12); break;
    case 0x02: on_challenge(t, b + 12, n - 12); break;
    case 0x03: on_hello_ack(t, b + 12, n - 12); break;
    case 0x04: on_session_ok(t, b + 12, n - 12); break;
    case 0x0A: {
        uint8_t cookie[16];
        CHECK(usmp_parse_hello_retry(b + 12, n - 12, cookie) == USMP_S_OK, "HELLO_RETRY");
        t_bytes_eq(cookie, t->cookie, 16, "HELLO_RETRY cookie");
        break;
    }
    default:
        if (CHECK(enc != NULL, "encrypted frame type %u without plaintext", type)) {
            on_encrypted(t, enc, b, n, type, seq);
        }
    }
    free(b);
}

static void on_utack(const transcript *t, const json *e, int *utacks)
{
    size_t n;
    uint8_t *b = t_hex(json_gets(e, "bytes_hex"), &n);
    const json *u = json_get(e, "utack");
    const char *mac_key = json_gets(u, "mac_key");
    uint8_t type = 0;
    uint32_t seq = 0;
    int has_mac = -1;
    CHECK(usmp_parse_utack(b, n, &type, &seq, &has_mac) == USMP_S_OK, "parse UTACK");
    CHECK(type == (uint8_t)strtoul(json_gets(u, "acked_type") ? json_gets(u, "acked_type") : "0",
                                   NULL, 16), "UTACK type");
    CHECK(seq == (uint32_t)json_num(json_get(u, "acked_seq")), "UTACK seq");
    CHECK(has_mac == (mac_key != NULL), "UTACK has_mac");
    if (has_mac == 1 && mac_key != NULL) {
        const uint8_t *key = strcmp(mac_key, "k_s2c") == 0 ? t->okm + 32 : t->okm;
        uint8_t mac[8];
        CHECK(usmp_utack_verify(b + 7, key, b) == USMP_S_OK, "UTACK MAC verify seq %u", seq);
        CHECK(usmp_utack_mac(mac, key, b) == USMP_S_OK, "UTACK MAC");
        t_bytes_eq(mac, b + 7, 8, "UTACK MAC");
        b[3] ^= 1;
        CHECK(usmp_utack_verify(b + 7, key, b) == USMP_S_AUTH, "tampered UTACK verified");
        utacks[1]++;
    }
    utacks[0]++;
    free(b);
}

int main(int argc, char **argv)
{
    const char *dir = t_vectors_dir(argc, argv);
    const char *file = argc > 2 ? argv[2] : "handshake-transcript.json";
    json *root = t_load(dir, file);
    transcript t;
    int seen[256] = {0}, utacks[2] = {0};
    size_t i;
    const json *list;
    memset(&t, 0, sizeof t);
    if (root == NULL) {
        return t_finish(file);
    }
    load_inputs(&t, root);
    check_derivation(&t, root);
    list = json_get(root, "frames") ? json_get(root, "frames") : json_get(root, "datagrams");
    for (i = 0; i < json_len(list); i++) {
        const json *e = json_at(list, i);
        const char *kind = json_gets(e, "kind");
        if (kind != NULL && strcmp(kind, "UTACK") == 0) {
            on_utack(&t, e, utacks);
        } else {
            on_frame(&t, e, seen);
        }
    }
    CHECK(seen[1] >= 1 && seen[2] >= 1 && seen[3] >= 1 && seen[4] >= 1, "handshake incomplete");
    CHECK(seen[5] >= 6 && seen[6] >= 1 && seen[7] >= 1 && seen[8] >= 1, "session frames missing");
    if (t.has_cookie_vector) {
        CHECK(seen[0x0A] >= 1 && utacks[1] >= 8, "UDP transcript: HELLO_RETRY / MAC'd UTACKs missing");
    }
    printf("%s: %d frames by type (HELLO %d, DATA %d), %d UTACKs (%d with MAC)\n", file,
           (int)json_len(list) - utacks[0], seen[1], seen[5], utacks[0], utacks[1]);
    json_free(root);
    return t_finish(file);
}
