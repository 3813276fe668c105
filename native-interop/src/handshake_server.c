/*
 * handshake_server.c - the gateway's consumers of HELLO and HELLO_ACK (§3 steps 1 and 5).
 * HOST BUILDS ONLY: a device never runs the server side, so the ESP32 interop module leaves this
 * file out. Same rules as handshake.c: exact lengths first, outputs zeroed on failure.
 */
#include <string.h>

#include "usmp_internal.h"

int usmp_server_consume_hello(const uint8_t *payload, size_t len, uint8_t device_id[6],
                              uint8_t pub_c[32], uint8_t cookie[16], int *has_cookie)
{
    const size_t base = USMP_DEVICE_ID_SIZE + USMP_PUB_SIZE; /* 38 */
    if (device_id == NULL || pub_c == NULL || cookie == NULL || has_cookie == NULL ||
        (payload == NULL && len != 0)) {
        usmp_wipe(device_id, device_id != NULL ? USMP_DEVICE_ID_SIZE : 0);
        usmp_wipe(pub_c, pub_c != NULL ? USMP_PUB_SIZE : 0);
        usmp_wipe(cookie, cookie != NULL ? USMP_COOKIE_SIZE : 0);
        if (has_cookie != NULL) {
            *has_cookie = 0;
        }
        return USMP_S_ARG;
    }
    usmp_wipe(cookie, USMP_COOKIE_SIZE);
    *has_cookie = 0;
    if (len != base && len != base + USMP_COOKIE_SIZE) {
        usmp_wipe(device_id, USMP_DEVICE_ID_SIZE);
        usmp_wipe(pub_c, USMP_PUB_SIZE);
        return USMP_S_MALFORMED;
    }
    memcpy(device_id, payload, USMP_DEVICE_ID_SIZE);
    memcpy(pub_c, payload + USMP_DEVICE_ID_SIZE, USMP_PUB_SIZE);
    if (len == base + USMP_COOKIE_SIZE) {
        memcpy(cookie, payload + base, USMP_COOKIE_SIZE);
        *has_cookie = 1;
    }
    return USMP_S_OK;
}

int usmp_server_consume_hello_ack(const uint8_t *payload, size_t len, const uint8_t *psk,
                                  size_t psk_len, const uint8_t nonce[32], const uint8_t device_id[6],
                                  const uint8_t pub_c[32], const uint8_t pub_s[32])
{
    uint8_t expect[32];
    int st;
    if (payload == NULL && len != 0) {
        st = USMP_S_ARG;
    } else if (len != USMP_MAC_SIZE) {
        st = USMP_S_MALFORMED;
    } else {
        st = usmp_client_proof(expect, psk, psk_len, nonce, device_id, pub_c, pub_s);
        if (st == USMP_S_OK) {
            st = usmp_proof_matches(expect, payload) ? USMP_S_OK : USMP_S_AUTH;
        }
    }
    usmp_wipe(expect, sizeof expect);
    return st;
}
