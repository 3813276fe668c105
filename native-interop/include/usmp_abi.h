/*
 * usmp_abi.h - the managed boundary: one C function per InternalCall extern of
 * firmware/Usmp.Native/CryptoNative.cs, in the same order and with the same parameters.
 *
 * Both bindings call these and nothing else:
 *  - on the device, the nanoCLR interop glue (native-interop/nanoclr/) passes each
 *    CLR_RT_TypedArray_UINT8 as (GetBuffer(), GetSize());
 *  - on a PC, the P/Invoke twin (tools/dotnet/Usmp.Native.DotNet/CryptoNative.Host.cs) passes each
 *    byte[] as (array, array.Length) into libusmp_native.so.
 *
 * Mapping rule: managed byte[] x -> (uint8_t *x, int32_t x_len) where x_len is the whole array
 * length (a null array arrives as (NULL, 0)); int -> int32_t. There is no ref/out parameter:
 * the MetadataProcessor's marshalling writes nothing back to one, so every output is a byte[]
 * or the int return. The gateway's host-only entry points are in usmp_abi_server.h.
 * Every function validates every length, offset and count against the array lengths before it
 * touches memory and returns USMP_S_ARG when one is wrong, so no managed argument can make the
 * native side read or write out of bounds. Fixed-size arrays must have exactly their size.
 * Return: a usmp_status (0 or negative), except where a function says it returns a length.
 */
#ifndef USMP_ABI_H
#define USMP_ABI_H

#include <stdint.h>
#include "usmp_native.h"

#if defined(_WIN32)
#define USMP_ABI_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define USMP_ABI_EXPORT __attribute__((visibility("default")))
#else
#define USMP_ABI_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* FillRandom(byte[] buffer, int offset, int count) */
USMP_ABI_EXPORT int32_t usmp_abi_fill_random(uint8_t *buffer, int32_t buffer_len, int32_t offset, int32_t count);

/* X25519(byte[] output, byte[] scalar, byte[] point) */
USMP_ABI_EXPORT int32_t usmp_abi_x25519(uint8_t *output, int32_t output_len, const uint8_t *scalar,
                                        int32_t scalar_len, const uint8_t *point, int32_t point_len);

/* ClientConsumeChallenge(byte[] frame, int payloadOffset, int payloadLength, byte[] privateKey,
 *                        byte[] pubC, byte[] deviceId, byte[] psk, byte[] nonce, byte[] pubS,
 *                        byte[] keys, byte[] hmacClient)
 * keys is 64 bytes: k_c2s ‖ k_s2c. psk may be any length >= 16. */
USMP_ABI_EXPORT int32_t usmp_abi_client_consume_challenge(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *private_key, int32_t private_key_len, const uint8_t *pub_c, int32_t pub_c_len,
    const uint8_t *device_id, int32_t device_id_len, const uint8_t *psk, int32_t psk_len,
    uint8_t *nonce, int32_t nonce_len, uint8_t *pub_s, int32_t pub_s_len, uint8_t *keys,
    int32_t keys_len, uint8_t *hmac_client, int32_t hmac_client_len);

/* ClientConsumeSessionOk(byte[] frame, int payloadOffset, int payloadLength, byte[] psk,
 *                        byte[] nonce, byte[] pubC, byte[] pubS, byte[] sessionId) */
USMP_ABI_EXPORT int32_t usmp_abi_client_consume_session_ok(
    const uint8_t *frame, int32_t frame_len, int32_t payload_offset, int32_t payload_length,
    const uint8_t *psk, int32_t psk_len, const uint8_t *nonce, int32_t nonce_len,
    const uint8_t *pub_c, int32_t pub_c_len, const uint8_t *pub_s, int32_t pub_s_len,
    uint8_t *session_id, int32_t session_id_len);

/* ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie) */
USMP_ABI_EXPORT int32_t usmp_abi_parse_hello_retry(const uint8_t *frame, int32_t frame_len,
                                                   int32_t payload_offset, int32_t payload_length,
                                                   uint8_t *cookie, int32_t cookie_len);

/* SealFrame(byte[] output, int outputOffset, int type, int seq, byte[] key, byte[] sessionId,
 *           byte[] plaintext, int plaintextOffset, int plaintextLength, byte[] utack)
 * seq is the u32 reinterpreted as int. Returns the frame length (40 + plaintextLength) or a
 * negative status. plaintext may be null when plaintextLength is 0.
 * utack: empty (length 0: nothing more) or exactly 15 bytes: then, in the same call, the UTACK
 * the peer must send for this frame (spec §8: AC AC ‖ type ‖ seq ‖ HMAC-SHA256(key, 7)[0:8], the
 * key being the one that sealed) is written there, so the sender checks the receipt with a plain
 * constant-time compare. On any failure it is all zero. */
USMP_ABI_EXPORT int32_t usmp_abi_seal_frame(uint8_t *output, int32_t output_len, int32_t output_offset,
                                            int32_t type, int32_t seq, const uint8_t *key,
                                            int32_t key_len, const uint8_t *session_id,
                                            int32_t session_id_len, const uint8_t *plaintext,
                                            int32_t plaintext_len, int32_t plaintext_offset,
                                            int32_t plaintext_length, uint8_t *utack,
                                            int32_t utack_len);

/* OpenFrame(byte[] plaintext, int plaintextOffset, byte[] frame, int frameOffset,
 *           int frameLength, byte[] key, byte[] sessionId, byte[] utack)
 * Returns the plaintext length (0..452, frameLength - 40) or a negative status. The plaintext
 * capacity is plaintext.Length - plaintextOffset (must be >= frameLength - 40). On failure that
 * whole capacity is zeroed.
 * utack: empty (length 0) or exactly 15 bytes: then, only when the frame authenticated, the
 * UTACK for it (§8, MACed under the key that opened it = the sender's tx key) is written there in
 * the same call; otherwise it is all zero, so nothing unauthenticated is ever acknowledged. */
USMP_ABI_EXPORT int32_t usmp_abi_open_frame(uint8_t *plaintext, int32_t plaintext_len,
                                            int32_t plaintext_offset, const uint8_t *frame,
                                            int32_t frame_len, int32_t frame_offset,
                                            int32_t frame_length, const uint8_t *key, int32_t key_len,
                                            const uint8_t *session_id, int32_t session_id_len,
                                            uint8_t *utack, int32_t utack_len);

/* UtackMac(byte[] utack, int offset, byte[] key): MAC of utack[offset..offset+7) written to
 * utack[offset+7..offset+15). */
USMP_ABI_EXPORT int32_t usmp_abi_utack_mac(uint8_t *utack, int32_t utack_len, int32_t offset,
                                           const uint8_t *key, int32_t key_len);

/* UtackVerify(byte[] utack, int offset, byte[] key): checks the 8-byte MAC at utack[offset+7]. */
USMP_ABI_EXPORT int32_t usmp_abi_utack_verify(const uint8_t *utack, int32_t utack_len, int32_t offset,
                                              const uint8_t *key, int32_t key_len);

/* RekeyDerive(byte[] first, byte[] second, byte[] initiatorTx, byte[] initiatorRx, byte[] salt,
 *             byte[] sessionId) */
USMP_ABI_EXPORT int32_t usmp_abi_rekey_derive(uint8_t *first, int32_t first_len, uint8_t *second,
                                              int32_t second_len, const uint8_t *initiator_tx,
                                              int32_t initiator_tx_len, const uint8_t *initiator_rx,
                                              int32_t initiator_rx_len, const uint8_t *salt,
                                              int32_t salt_len, const uint8_t *session_id,
                                              int32_t session_id_len);

/* Crc16(byte[] data, int offset, int count): returns the CRC (0..65535) or a negative status. */
USMP_ABI_EXPORT int32_t usmp_abi_crc16(const uint8_t *data, int32_t data_len, int32_t offset,
                                       int32_t count);

#ifdef __cplusplus
}
#endif
#endif /* USMP_ABI_H */
