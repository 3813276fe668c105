/*
 * usmp_abi_server.c - the gateway's extra entry points (include/usmp_abi_server.h): key pair
 * generation, session keys from a raw X25519 exchange, the server-side handshake consumers and
 * proof, and raw HMAC-SHA256 for the cookie. HOST BUILDS ONLY: the ESP32 image leaves this file
 * out (nanoclr/FindINTEROP-Usmp.Native.cmake), so a device carries only what a client calls.
 * Same validation rules as usmp_abi.c.
 */
#include <stddef.h>

#include "usmp_abi_server.h"
#include "usmp_abi_args.h"

USMP_ABI_EXPORT int32_t usmp_abi_x25519_keypair(uint8_t *private_key, int32_t private_key_len,
                                                uint8_t *public_key, int32_t public_key_len)
{
    if (!fixed(private_key, private_key_len, 32) || !fixed(public_key, public_key_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_x25519_keypair(private_key, public_key);
}

USMP_ABI_EXPORT int32_t usmp_abi_derive_session_keys(uint8_t *k_c2s, int32_t k_c2s_len, uint8_t *k_s2c,
                                                     int32_t k_s2c_len, const uint8_t *private_key,
                                                     int32_t private_key_len, const uint8_t *peer_public,
                                                     int32_t peer_public_len, const uint8_t *nonce,
                                                     int32_t nonce_len, const uint8_t *pub_c,
                                                     int32_t pub_c_len, const uint8_t *pub_s,
                                                     int32_t pub_s_len)
{
    if (!fixed(k_c2s, k_c2s_len, 32) || !fixed(k_s2c, k_s2c_len, 32) ||
        !fixed(private_key, private_key_len, 32) || !fixed(peer_public, peer_public_len, 32) ||
        !fixed(nonce, nonce_len, 32) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(pub_s, pub_s_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_derive_session_keys(k_c2s, k_s2c, private_key, peer_public, nonce, pub_c, pub_s);
}

USMP_ABI_EXPORT int32_t usmp_abi_server_consume_hello(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    uint8_t *device_id, int32_t device_id_len, uint8_t *pub_c, int32_t pub_c_len, uint8_t *cookie,
    int32_t cookie_len)
{
    int has = 0; /* the caller knows it from payload_length: 54 with a cookie, 38 without */
    if (!range(frame, frame_len, payload_offset, payload_length) ||
        !fixed(device_id, device_id_len, USMP_DEVICE_ID_SIZE) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(cookie, cookie_len, USMP_COOKIE_SIZE)) {
        return USMP_S_ARG;
    }
    return usmp_server_consume_hello(at(frame, payload_offset), (size_t)payload_length, device_id,
                                     pub_c, cookie, &has);
}

USMP_ABI_EXPORT int32_t usmp_abi_server_consume_hello_ack(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *psk, int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
    const uint8_t *device_id, int32_t device_id_len, const uint8_t *pub_c, int32_t pub_c_len,
    const uint8_t *pub_s, int32_t pub_s_len)
{
    if (!range(frame, frame_len, payload_offset, payload_length) || !psk_ok(psk, psk_len) ||
        !fixed(nonce, nonce_len, 32) || !fixed(device_id, device_id_len, USMP_DEVICE_ID_SIZE) ||
        !fixed(pub_c, pub_c_len, 32) || !fixed(pub_s, pub_s_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_server_consume_hello_ack(at(frame, payload_offset), (size_t)payload_length, psk,
                                         (size_t)psk_len, nonce, device_id, pub_c, pub_s);
}

USMP_ABI_EXPORT int32_t usmp_abi_server_proof(uint8_t *mac, int32_t mac_len, const uint8_t *psk,
                                              int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
                                              const uint8_t *session_id, int32_t session_id_len,
                                              const uint8_t *pub_c, int32_t pub_c_len,
                                              const uint8_t *pub_s, int32_t pub_s_len)
{
    if (!fixed(mac, mac_len, 32) || !psk_ok(psk, psk_len) || !fixed(nonce, nonce_len, 32) ||
        !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(pub_s, pub_s_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_server_proof(mac, psk, (size_t)psk_len, nonce, session_id, pub_c, pub_s);
}

USMP_ABI_EXPORT int32_t usmp_abi_hmac_sha256(uint8_t *mac, int32_t mac_len, const uint8_t *key,
                                             int32_t key_len, const uint8_t *message,
                                             int32_t message_len, int32_t offset, int32_t count)
{
    if (!fixed(mac, mac_len, 32) || key_len < 0 || (key == NULL && key_len != 0) ||
        !range(message, message_len, offset, count)) {
        return USMP_S_ARG;
    }
    return usmp_hmac_sha256(mac, key, (size_t)key_len, at(message, offset), (size_t)count);
}
