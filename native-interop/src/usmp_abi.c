/*
 * usmp_abi.c - the managed boundary (include/usmp_abi.h): one function per InternalCall.
 *
 * Each function first validates every (pointer, length) pair, offset and count against the
 * managed array lengths, with arithmetic that cannot overflow (all values are checked
 * non-negative, then compared by subtraction, never by addition). Only then does it touch
 * memory and call the core. A wrong argument returns USMP_S_ARG with nothing read or written.
 * Fixed-size arrays must be exactly their size.
 */
#include <stddef.h>

#include "usmp_abi.h"

/* An array of exactly `want` bytes. */
static int fixed(const uint8_t *p, int32_t len, uint32_t want)
{
    return p != NULL && len >= 0 && (uint32_t)len == want;
}

/* [off, off + count) lies inside an array of len bytes (a null array has len 0). */
static int range(const uint8_t *p, int32_t len, int32_t off, int32_t count)
{
    if (len < 0 || off < 0 || count < 0 || (p == NULL && len != 0)) {
        return 0;
    }
    return off <= len && count <= len - off;
}

/* A PSK is any array of at least USMP_MIN_PSK_SIZE bytes. */
static int psk_ok(const uint8_t *psk, int32_t len)
{
    return psk != NULL && len >= (int32_t)USMP_MIN_PSK_SIZE;
}

/* Pointer to byte `off` of an array already validated by range(); NULL stays NULL. */
static const uint8_t *at(const uint8_t *p, int32_t off)
{
    return p == NULL ? NULL : p + off;
}

USMP_ABI_EXPORT int32_t usmp_abi_fill_random(uint8_t *buffer, int32_t buffer_len, int32_t offset,
                                             int32_t count)
{
    if (!range(buffer, buffer_len, offset, count)) {
        return USMP_S_ARG;
    }
    if (count == 0) {
        return USMP_S_OK;
    }
    return usmp_random(buffer + offset, (size_t)count);
}

USMP_ABI_EXPORT int32_t usmp_abi_x25519_keypair(uint8_t *private_key, int32_t private_key_len,
                                                uint8_t *public_key, int32_t public_key_len)
{
    if (!fixed(private_key, private_key_len, 32) || !fixed(public_key, public_key_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_x25519_keypair(private_key, public_key);
}

USMP_ABI_EXPORT int32_t usmp_abi_x25519(uint8_t *output, int32_t output_len, const uint8_t *scalar,
                                        int32_t scalar_len, const uint8_t *point, int32_t point_len)
{
    if (!fixed(output, output_len, 32) || !fixed(scalar, scalar_len, 32) ||
        !fixed(point, point_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_x25519(output, scalar, point);
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

USMP_ABI_EXPORT int32_t usmp_abi_client_consume_challenge(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *private_key, int32_t private_key_len, const uint8_t *pub_c, int32_t pub_c_len,
    const uint8_t *device_id, int32_t device_id_len, const uint8_t *psk, int32_t psk_len,
    uint8_t *nonce, int32_t nonce_len, uint8_t *pub_s, int32_t pub_s_len, uint8_t *keys,
    int32_t keys_len, uint8_t *hmac_client, int32_t hmac_client_len)
{
    if (!range(frame, frame_len, payload_offset, payload_length) ||
        !fixed(private_key, private_key_len, 32) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(device_id, device_id_len, USMP_DEVICE_ID_SIZE) || !psk_ok(psk, psk_len) ||
        !fixed(nonce, nonce_len, 32) || !fixed(pub_s, pub_s_len, 32) || !fixed(keys, keys_len, 64) ||
        !fixed(hmac_client, hmac_client_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_client_consume_challenge(at(frame, payload_offset), (size_t)payload_length,
                                         private_key, pub_c, device_id, psk, (size_t)psk_len, nonce,
                                         pub_s, keys, hmac_client);
}

USMP_ABI_EXPORT int32_t usmp_abi_client_consume_session_ok(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *psk, int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
    const uint8_t *pub_c, int32_t pub_c_len, const uint8_t *pub_s, int32_t pub_s_len,
    uint8_t *session_id, int32_t session_id_len)
{
    if (!range(frame, frame_len, payload_offset, payload_length) || !psk_ok(psk, psk_len) ||
        !fixed(nonce, nonce_len, 32) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(pub_s, pub_s_len, 32) || !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE)) {
        return USMP_S_ARG;
    }
    return usmp_client_consume_session_ok(at(frame, payload_offset), (size_t)payload_length, psk,
                                          (size_t)psk_len, nonce, pub_c, pub_s, session_id);
}

USMP_ABI_EXPORT int32_t usmp_abi_server_consume_hello(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    uint8_t *device_id, int32_t device_id_len, uint8_t *pub_c, int32_t pub_c_len, uint8_t *cookie,
    int32_t cookie_len, int32_t *has_cookie)
{
    int has = 0;
    int st;
    if (!range(frame, frame_len, payload_offset, payload_length) ||
        !fixed(device_id, device_id_len, USMP_DEVICE_ID_SIZE) || !fixed(pub_c, pub_c_len, 32) ||
        !fixed(cookie, cookie_len, USMP_COOKIE_SIZE) || has_cookie == NULL) {
        return USMP_S_ARG;
    }
    st = usmp_server_consume_hello(at(frame, payload_offset), (size_t)payload_length, device_id,
                                   pub_c, cookie, &has);
    *has_cookie = (int32_t)has;
    return st;
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

USMP_ABI_EXPORT int32_t usmp_abi_parse_hello_retry(const uint8_t *frame, int32_t frame_len,
                                                   int32_t payload_offset, int32_t payload_length,
                                                   uint8_t *cookie, int32_t cookie_len)
{
    if (!range(frame, frame_len, payload_offset, payload_length) ||
        !fixed(cookie, cookie_len, USMP_COOKIE_SIZE)) {
        return USMP_S_ARG;
    }
    return usmp_parse_hello_retry(at(frame, payload_offset), (size_t)payload_length, cookie);
}

USMP_ABI_EXPORT int32_t usmp_abi_parse_utack(const uint8_t *datagram, int32_t datagram_len,
                                             int32_t offset, int32_t length, int32_t *acked_type,
                                             int32_t *acked_seq, int32_t *has_mac)
{
    uint8_t type = 0;
    uint32_t seq = 0;
    int mac = 0;
    int st;
    if (!range(datagram, datagram_len, offset, length) || acked_type == NULL ||
        acked_seq == NULL || has_mac == NULL) {
        return USMP_S_ARG;
    }
    st = usmp_parse_utack(at(datagram, offset), (size_t)length, &type, &seq, &mac);
    *acked_type = (int32_t)type;
    *acked_seq = (int32_t)seq; /* u32 reinterpreted as int (two's complement), as documented */
    *has_mac = (int32_t)mac;
    return st;
}

USMP_ABI_EXPORT int32_t usmp_abi_seal_frame(uint8_t *output, int32_t output_len, int32_t output_offset,
                                            int32_t type, int32_t seq, const uint8_t *key,
                                            int32_t key_len, const uint8_t *session_id,
                                            int32_t session_id_len, const uint8_t *plaintext,
                                            int32_t plaintext_len, int32_t plaintext_offset,
                                            int32_t plaintext_length)
{
    size_t frame_len = 0;
    int st;
    if (!range(output, output_len, output_offset, 0) || output == NULL || type < 0 ||
        type > 0xFF || !fixed(key, key_len, 32) ||
        !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE) ||
        !range(plaintext, plaintext_len, plaintext_offset, plaintext_length) ||
        plaintext_length > (int32_t)USMP_MAX_PLAINTEXT ||
        output_len - output_offset < (int32_t)(USMP_HEADER_SIZE + USMP_AEAD_OVERHEAD) + plaintext_length) {
        return USMP_S_ARG;
    }
    st = usmp_seal_frame(output, (size_t)output_len, (size_t)output_offset, (uint8_t)type,
                         (uint32_t)seq, key, session_id, at(plaintext, plaintext_offset),
                         (size_t)plaintext_length, &frame_len);
    return st == USMP_S_OK ? (int32_t)frame_len : st;
}

USMP_ABI_EXPORT int32_t usmp_abi_open_frame(uint8_t *plaintext, int32_t plaintext_len,
                                            int32_t plaintext_offset, int32_t *plaintext_length,
                                            const uint8_t *frame, int32_t frame_len,
                                            int32_t frame_offset, int32_t frame_length,
                                            const uint8_t *key, int32_t key_len,
                                            const uint8_t *session_id, int32_t session_id_len)
{
    size_t pt_len = 0;
    int st;
    if (!range(plaintext, plaintext_len, plaintext_offset, 0) || plaintext_length == NULL ||
        !range(frame, frame_len, frame_offset, frame_length) || frame == NULL ||
        !fixed(key, key_len, 32) || !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE)) {
        return USMP_S_ARG;
    }
    st = usmp_open_frame(plaintext == NULL ? NULL : plaintext + plaintext_offset,
                         (size_t)(plaintext_len - plaintext_offset), &pt_len,
                         frame + frame_offset, (size_t)frame_length, key, session_id);
    *plaintext_length = (int32_t)pt_len;
    return st;
}

USMP_ABI_EXPORT int32_t usmp_abi_utack_mac(uint8_t *utack, int32_t utack_len, int32_t offset,
                                           const uint8_t *key, int32_t key_len)
{
    const int32_t full = (int32_t)(USMP_UTACK_SIZE + USMP_UTACK_MAC_SIZE);
    if (!range(utack, utack_len, offset, full) || utack == NULL || !fixed(key, key_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_utack_mac(utack + offset + USMP_UTACK_SIZE, key, utack + offset);
}

USMP_ABI_EXPORT int32_t usmp_abi_utack_verify(const uint8_t *utack, int32_t utack_len, int32_t offset,
                                              const uint8_t *key, int32_t key_len)
{
    const int32_t full = (int32_t)(USMP_UTACK_SIZE + USMP_UTACK_MAC_SIZE);
    if (!range(utack, utack_len, offset, full) || utack == NULL || !fixed(key, key_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_utack_verify(utack + offset + USMP_UTACK_SIZE, key, utack + offset);
}

USMP_ABI_EXPORT int32_t usmp_abi_rekey_derive(uint8_t *first, int32_t first_len, uint8_t *second,
                                              int32_t second_len, const uint8_t *initiator_tx,
                                              int32_t initiator_tx_len, const uint8_t *initiator_rx,
                                              int32_t initiator_rx_len, const uint8_t *salt,
                                              int32_t salt_len, const uint8_t *session_id,
                                              int32_t session_id_len)
{
    if (!fixed(first, first_len, 32) || !fixed(second, second_len, 32) ||
        !fixed(initiator_tx, initiator_tx_len, 32) || !fixed(initiator_rx, initiator_rx_len, 32) ||
        !fixed(salt, salt_len, USMP_REKEY_SALT_SIZE) ||
        !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE)) {
        return USMP_S_ARG;
    }
    return usmp_rekey_derive(first, second, initiator_tx, initiator_rx, salt, session_id);
}

USMP_ABI_EXPORT int32_t usmp_abi_crc16(const uint8_t *data, int32_t data_len, int32_t offset,
                                       int32_t count)
{
    if (!range(data, data_len, offset, count)) {
        return USMP_S_ARG;
    }
    return (int32_t)usmp_crc16(count == 0 ? NULL : data + offset, (size_t)count);
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
