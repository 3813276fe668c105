/*
 * usmp_abi.c - the device's managed boundary (include/usmp_abi.h): one function per
 * InternalCall extern of firmware/Usmp.Native/CryptoNative.cs, in the same order.
 *
 * Each function first validates every (pointer, length) pair, offset and count against the
 * managed array lengths (usmp_abi_args.h). Only then does it touch memory and call the core.
 * A wrong argument returns USMP_S_ARG with nothing read or written. Fixed-size arrays must be
 * exactly their size. The gateway-only operations are in usmp_abi_server.c (host builds only).
 */
#include <stddef.h>

#include "usmp_abi.h"
#include "usmp_abi_args.h"

#define UTACK_FULL (USMP_UTACK_SIZE + USMP_UTACK_MAC_SIZE)

/* The optional UTACK output of SealFrame / OpenFrame: absent (length 0) or exactly 15 bytes. */
static int utack_out_ok(const uint8_t *utack, int32_t utack_len)
{
    return utack_len == 0 || fixed(utack, utack_len, UTACK_FULL);
}

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* §8: utack[0..15) = AC AC ‖ type ‖ seq (u32 LE) ‖ HMAC-SHA256(key, those 7 bytes)[0:8].
 * Every byte is written; on failure all 15 are zero. */
static int write_utack(uint8_t utack[UTACK_FULL], const uint8_t key[32], uint8_t type, uint32_t seq)
{
    int st;
    utack[0] = 0xACu;
    utack[1] = 0xACu;
    utack[2] = type;
    utack[3] = (uint8_t)seq;
    utack[4] = (uint8_t)(seq >> 8);
    utack[5] = (uint8_t)(seq >> 16);
    utack[6] = (uint8_t)(seq >> 24);
    st = usmp_utack_mac(utack + USMP_UTACK_SIZE, key, utack);
    if (st != USMP_S_OK) {
        usmp_wipe(utack, UTACK_FULL);
    }
    return st;
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

USMP_ABI_EXPORT int32_t usmp_abi_x25519(uint8_t *output, int32_t output_len, const uint8_t *scalar,
                                        int32_t scalar_len, const uint8_t *point, int32_t point_len)
{
    if (!fixed(output, output_len, 32) || !fixed(scalar, scalar_len, 32) ||
        !fixed(point, point_len, 32)) {
        return USMP_S_ARG;
    }
    return usmp_x25519(output, scalar, point);
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

USMP_ABI_EXPORT int32_t usmp_abi_seal_frame(uint8_t *output, int32_t output_len, int32_t output_offset,
                                            int32_t type, int32_t seq, const uint8_t *key,
                                            int32_t key_len, const uint8_t *session_id,
                                            int32_t session_id_len, const uint8_t *plaintext,
                                            int32_t plaintext_len, int32_t plaintext_offset,
                                            int32_t plaintext_length, uint8_t *utack,
                                            int32_t utack_len)
{
    size_t frame_len = 0;
    int st;
    if (!range(output, output_len, output_offset, 0) || output == NULL || type < 0 ||
        type > 0xFF || !fixed(key, key_len, 32) ||
        !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE) ||
        !range(plaintext, plaintext_len, plaintext_offset, plaintext_length) ||
        plaintext_length > (int32_t)USMP_MAX_PLAINTEXT ||
        output_len - output_offset < (int32_t)(USMP_HEADER_SIZE + USMP_AEAD_OVERHEAD) + plaintext_length ||
        !utack_out_ok(utack, utack_len)) {
        return USMP_S_ARG;
    }
    if (utack_len != 0) {
        usmp_wipe(utack, (size_t)utack_len);
    }
    st = usmp_seal_frame(output, (size_t)output_len, (size_t)output_offset, (uint8_t)type,
                         (uint32_t)seq, key, session_id, at(plaintext, plaintext_offset),
                         (size_t)plaintext_length, &frame_len);
    if (st == USMP_S_OK && utack_len != 0) {
        /* §8: the UTACK the peer must send for this frame, MACed under the key that sealed it. */
        st = write_utack(utack, key, (uint8_t)type, (uint32_t)seq);
        if (st != USMP_S_OK) {
            usmp_wipe(output + output_offset, frame_len);
        }
    }
    return st == USMP_S_OK ? (int32_t)frame_len : st;
}

USMP_ABI_EXPORT int32_t usmp_abi_open_frame(uint8_t *plaintext, int32_t plaintext_len,
                                            int32_t plaintext_offset, const uint8_t *frame,
                                            int32_t frame_len, int32_t frame_offset,
                                            int32_t frame_length, const uint8_t *key, int32_t key_len,
                                            const uint8_t *session_id, int32_t session_id_len,
                                            uint8_t *utack, int32_t utack_len)
{
    uint8_t *pt;
    size_t pt_len = 0;
    int st;
    if (!range(plaintext, plaintext_len, plaintext_offset, 0) ||
        !range(frame, frame_len, frame_offset, frame_length) || frame == NULL ||
        !fixed(key, key_len, 32) || !fixed(session_id, session_id_len, USMP_SESSION_ID_SIZE) ||
        !utack_out_ok(utack, utack_len)) {
        return USMP_S_ARG;
    }
    if (utack_len != 0) {
        usmp_wipe(utack, (size_t)utack_len);   /* nothing is acknowledged unless the frame opens */
    }
    pt = plaintext == NULL ? NULL : plaintext + plaintext_offset;
    st = usmp_open_frame(pt, (size_t)(plaintext_len - plaintext_offset), &pt_len,
                         frame + frame_offset, (size_t)frame_length, key, session_id);
    if (st == USMP_S_OK && utack_len != 0) {
        /* §8: only an authenticated frame gets its UTACK, MACed under the key that opened it.
         * type at byte 3, seq (u32 LE) at bytes 4..7 of the frame (§1). */
        const uint8_t *h = frame + frame_offset;
        st = write_utack(utack, key, h[3], load_le32(h + 4));
        if (st != USMP_S_OK) {
            usmp_wipe(pt, pt != NULL ? (size_t)(plaintext_len - plaintext_offset) : 0);
        }
    }
    /* A plaintext is at most USMP_MAX_PLAINTEXT (452) bytes, so its length never collides
     * with a (negative) status. */
    return st == USMP_S_OK ? (int32_t)pt_len : st;
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
