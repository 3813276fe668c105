/*
 * handshake.c - the handshake's cryptography, §3: session key derivation, the client and
 * server HMAC proofs, and the client's consumers of each handshake message payload (§2). The
 * server's consumers are in handshake_server.c (host builds only).
 *
 * Every consumer checks the payload's exact length first (USMP_S_MALFORMED), zeroes all of
 * its outputs on any failure, and wipes its stack secrets on every path.
 */
#include <string.h>

#include "usmp_internal.h"

static const uint8_t INFO_LABEL[7] = {'u', 's', 'm', 'p', '-', 'v', '2'};
#define TYPE_HELLO_ACK 0x03u
#define TYPE_SESSION_OK 0x04u

/* ---- §3 step 3 ---- */

static int hkdf_session(uint8_t okm[64], const uint8_t shared[32], const uint8_t nonce[32],
                        const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    uint8_t info[sizeof INFO_LABEL + 64];
    memcpy(info, INFO_LABEL, sizeof INFO_LABEL);
    memcpy(info + sizeof INFO_LABEL, pub_c, 32);
    memcpy(info + sizeof INFO_LABEL + 32, pub_s, 32);
    return usmp_hkdf_sha256(okm, 64, shared, 32, nonce, 32, info, sizeof info);
}

int usmp_derive_session_keys(uint8_t k_c2s[32], uint8_t k_s2c[32], const uint8_t priv[32],
                             const uint8_t peer_pub[32], const uint8_t nonce[32],
                             const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    uint8_t shared[32];
    uint8_t okm[64];
    int st;
    if (k_c2s == NULL || k_s2c == NULL || priv == NULL || peer_pub == NULL || nonce == NULL ||
        pub_c == NULL || pub_s == NULL) {
        st = USMP_S_ARG;
    } else {
        st = usmp_x25519(shared, priv, peer_pub);
        USMP_DECLASSIFY(&st, sizeof st); /* "all-zero shared secret" is a public verdict */
        if (st == USMP_S_OK) {
            st = hkdf_session(okm, shared, nonce, pub_c, pub_s);
        }
        if (st == USMP_S_OK) {
            memcpy(k_c2s, okm, 32);
            memcpy(k_s2c, okm + 32, 32);
        }
    }
    usmp_wipe(shared, sizeof shared);
    usmp_wipe(okm, sizeof okm);
    if (st != USMP_S_OK) {
        usmp_wipe(k_c2s, k_c2s != NULL ? 32 : 0);
        usmp_wipe(k_s2c, k_s2c != NULL ? 32 : 0);
    }
    return st;
}

/* ---- §3 steps 4 and 5: HMAC(PSK, CD AB 02 type ‖ nonce ‖ id ‖ pub_C ‖ pub_S) ---- */

static int transcript_mac(uint8_t mac[32], const uint8_t *psk, size_t psk_len, uint8_t type,
                          const uint8_t nonce[32], const uint8_t *id, size_t id_len,
                          const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    const uint8_t prefix[4] = {0xCDu, 0xABu, (uint8_t)USMP_VERSION, type};
    usmp_hmac_ctx ctx;
    int st;
    if (mac == NULL || psk == NULL || nonce == NULL || id == NULL || pub_c == NULL ||
        pub_s == NULL || psk_len < USMP_MIN_PSK_SIZE) {
        usmp_wipe(mac, mac != NULL ? 32 : 0);
        return USMP_S_ARG;
    }
    st = usmp_hmac_start(&ctx, psk, psk_len);
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, prefix, sizeof prefix);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, nonce, 32);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, id, id_len);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, pub_c, 32);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_update(&ctx, pub_s, 32);
    }
    if (st == USMP_S_OK) {
        st = usmp_hmac_finish(&ctx, mac);
    }
    usmp_hmac_wipe(&ctx);
    if (st != USMP_S_OK) {
        usmp_wipe(mac, 32);
    }
    return st;
}

int usmp_client_proof(uint8_t mac[32], const uint8_t *psk, size_t psk_len, const uint8_t nonce[32],
                      const uint8_t device_id[6], const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    return transcript_mac(mac, psk, psk_len, TYPE_HELLO_ACK, nonce, device_id,
                          USMP_DEVICE_ID_SIZE, pub_c, pub_s);
}

int usmp_server_proof(uint8_t mac[32], const uint8_t *psk, size_t psk_len, const uint8_t nonce[32],
                      const uint8_t session_id[16], const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    return transcript_mac(mac, psk, psk_len, TYPE_SESSION_OK, nonce, session_id,
                          USMP_SESSION_ID_SIZE, pub_c, pub_s);
}

/* Constant-time check of a received proof against the expected one. The verdict is public. */
int usmp_proof_matches(const uint8_t expect[32], const uint8_t *got)
{
    int ok = usmp_ct_equal(expect, got, USMP_MAC_SIZE);
    USMP_DECLASSIFY(&ok, sizeof ok);
    return ok;
}

/* ---- client consumers ---- */

static void wipe_challenge_outputs(uint8_t *nonce, uint8_t *pub_s, uint8_t *keys, uint8_t *hmac)
{
    usmp_wipe(nonce, nonce != NULL ? 32 : 0);
    usmp_wipe(pub_s, pub_s != NULL ? 32 : 0);
    usmp_wipe(keys, keys != NULL ? 64 : 0);
    usmp_wipe(hmac, hmac != NULL ? 32 : 0);
}

int usmp_client_consume_challenge(const uint8_t *payload, size_t len, const uint8_t priv[32],
                                  const uint8_t pub_c[32], const uint8_t device_id[6],
                                  const uint8_t *psk, size_t psk_len, uint8_t nonce[32],
                                  uint8_t pub_s[32], uint8_t keys[64], uint8_t hmac_client[32])
{
    int st;
    if (nonce == NULL || pub_s == NULL || keys == NULL || hmac_client == NULL || priv == NULL ||
        pub_c == NULL || device_id == NULL || psk == NULL || (payload == NULL && len != 0)) {
        st = USMP_S_ARG;
    } else if (len != 64u) {
        st = USMP_S_MALFORMED;
    } else if (psk_len < USMP_MIN_PSK_SIZE) {
        st = USMP_S_ARG;
    } else {
        memcpy(nonce, payload, 32);
        memcpy(pub_s, payload + 32, 32);
        st = usmp_derive_session_keys(keys, keys + 32, priv, pub_s, nonce, pub_c, pub_s);
        if (st == USMP_S_OK) {
            st = usmp_client_proof(hmac_client, psk, psk_len, nonce, device_id, pub_c, pub_s);
        }
    }
    if (st != USMP_S_OK) {
        wipe_challenge_outputs(nonce, pub_s, keys, hmac_client);
    }
    return st;
}

int usmp_client_consume_session_ok(const uint8_t *payload, size_t len, const uint8_t *psk,
                                   size_t psk_len, const uint8_t nonce[32], const uint8_t pub_c[32],
                                   const uint8_t pub_s[32], uint8_t session_id[16])
{
    uint8_t expect[32];
    int st;
    if (session_id == NULL || psk == NULL || nonce == NULL || pub_c == NULL || pub_s == NULL ||
        (payload == NULL && len != 0)) {
        st = USMP_S_ARG;
    } else if (len != USMP_SESSION_ID_SIZE + USMP_MAC_SIZE) {
        st = USMP_S_MALFORMED;
    } else {
        st = usmp_server_proof(expect, psk, psk_len, nonce, payload, pub_c, pub_s);
        if (st == USMP_S_OK) {
            st = usmp_proof_matches(expect, payload + USMP_SESSION_ID_SIZE) ? USMP_S_OK : USMP_S_AUTH;
        }
        if (st == USMP_S_OK) {
            memcpy(session_id, payload, USMP_SESSION_ID_SIZE);
        }
    }
    usmp_wipe(expect, sizeof expect);
    if (st != USMP_S_OK && session_id != NULL) {
        usmp_wipe(session_id, USMP_SESSION_ID_SIZE);
    }
    return st;
}

int usmp_parse_hello_retry(const uint8_t *payload, size_t len, uint8_t cookie[16])
{
    if (cookie == NULL || (payload == NULL && len != 0)) {
        return USMP_S_ARG;
    }
    if (len != USMP_COOKIE_SIZE) {
        usmp_wipe(cookie, USMP_COOKIE_SIZE);
        return USMP_S_MALFORMED;
    }
    memcpy(cookie, payload, USMP_COOKIE_SIZE);
    return USMP_S_OK;
}
