/*
 * usmp_abi_server.h - the gateway's extra entry points, HOST BUILDS ONLY (libusmp_native.so):
 * the server side of the handshake and the raw primitives only a gateway needs. They are not
 * InternalCall externs and are not compiled into the ESP32 image. Same mapping and validation
 * rules as usmp_abi.h; the managed caller is tools/dotnet/Usmp.Native.DotNet/ServerNative.cs.
 */
#ifndef USMP_ABI_SERVER_H
#define USMP_ABI_SERVER_H

#include "usmp_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X25519Keypair(byte[] privateKey, byte[] publicKey) */
USMP_ABI_EXPORT int32_t usmp_abi_x25519_keypair(uint8_t *private_key, int32_t private_key_len,
                                                uint8_t *public_key, int32_t public_key_len);

/* DeriveSessionKeys(byte[] kC2s, byte[] kS2c, byte[] privateKey, byte[] peerPublic, byte[] nonce,
 *                   byte[] pubC, byte[] pubS) */
USMP_ABI_EXPORT int32_t usmp_abi_derive_session_keys(uint8_t *k_c2s, int32_t k_c2s_len, uint8_t *k_s2c,
                                                     int32_t k_s2c_len, const uint8_t *private_key,
                                                     int32_t private_key_len, const uint8_t *peer_public,
                                                     int32_t peer_public_len, const uint8_t *nonce,
                                                     int32_t nonce_len, const uint8_t *pub_c,
                                                     int32_t pub_c_len, const uint8_t *pub_s,
                                                     int32_t pub_s_len);

/* ServerConsumeHello(byte[] frame, int payloadOffset, int payloadLength, byte[] deviceId,
 *                    byte[] pubC, byte[] cookie): a HELLO payload is 38 bytes, or 54 with a
 * cookie (the caller knows which from payloadLength); without one, cookie is zeroed. */
USMP_ABI_EXPORT int32_t usmp_abi_server_consume_hello(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    uint8_t *device_id, int32_t device_id_len, uint8_t *pub_c, int32_t pub_c_len, uint8_t *cookie,
    int32_t cookie_len);

/* ServerConsumeHelloAck(byte[] frame, int payloadOffset, int payloadLength, byte[] psk,
 *                       byte[] nonce, byte[] deviceId, byte[] pubC, byte[] pubS) */
USMP_ABI_EXPORT int32_t usmp_abi_server_consume_hello_ack(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *psk, int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
    const uint8_t *device_id, int32_t device_id_len, const uint8_t *pub_c, int32_t pub_c_len,
    const uint8_t *pub_s, int32_t pub_s_len);

/* ServerProof(byte[] mac, byte[] psk, byte[] nonce, byte[] sessionId, byte[] pubC, byte[] pubS) */
USMP_ABI_EXPORT int32_t usmp_abi_server_proof(uint8_t *mac, int32_t mac_len, const uint8_t *psk,
                                              int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
                                              const uint8_t *session_id, int32_t session_id_len,
                                              const uint8_t *pub_c, int32_t pub_c_len,
                                              const uint8_t *pub_s, int32_t pub_s_len);

/* HmacSha256(byte[] mac, byte[] key, byte[] message, int offset, int count) */
USMP_ABI_EXPORT int32_t usmp_abi_hmac_sha256(uint8_t *mac, int32_t mac_len, const uint8_t *key,
                                             int32_t key_len, const uint8_t *message,
                                             int32_t message_len, int32_t offset, int32_t count);

#ifdef __cplusplus
}
#endif
#endif /* USMP_ABI_SERVER_H */
