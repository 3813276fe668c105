/*
 * usmp_native.h - the native crypto core of the USMP device client (wire version 2).
 *
 * Every function here is portable C99, uses no heap and calls the platform only through
 * usmp_port.h. Section numbers (§) refer to shared/spec/usmp-v2.md.
 *
 * Conventions (the same for every function):
 *  - Fixed-size arguments are written as arrays (uint8_t key[32]); the caller guarantees the size.
 *  - Return value: USMP_S_OK (0) or a negative usmp_status. Expected outcomes (a forged tag, a bad
 *    proof, an all-zero shared secret, a malformed message) are statuses, never aborts.
 *  - On any failure every output buffer the function was given is zeroed before it returns, so a
 *    caller that ignores the status still never sees partial plaintext or key material.
 *  - Secrets on the stack are wiped with usmp_wipe() on every exit path.
 *  - Authentication failures are reported with ONE generic status (USMP_S_AUTH) whatever the
 *    cause (tag, carried nonce, HMAC proof, UTACK MAC): no oracle. Framing failures that depend
 *    only on public bytes (length, magic, version, CRC) have their own statuses.
 */
#ifndef USMP_NATIVE_H
#define USMP_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- statuses (shared with the managed NativeStatus enum: keep the numbers in step) ---- */
typedef enum {
    USMP_S_OK = 0,
    USMP_S_ARG = -1,         /* a size, offset or pointer is wrong: a programming error */
    USMP_S_AUTH = -2,        /* tag / carried nonce / HMAC proof / UTACK MAC did not verify */
    USMP_S_ZERO_SHARED = -3, /* X25519 produced the all-zero shared secret (§3 step 3) */
    USMP_S_MALFORMED = -4,   /* wrong message length, magic, version or declared length */
    USMP_S_CRC = -5,         /* frame CRC-16 mismatch (§1) */
    USMP_S_CRYPTO = -6,      /* mbedTLS reported an internal failure */
    USMP_S_RANDOM = -7       /* the port's random source failed */
} usmp_status;

/* ---- sizes from the spec (§1, §2, §3, §5, §8) ---- */
#define USMP_MAGIC             0xABCDu
#define USMP_VERSION           0x02u
#define USMP_HEADER_SIZE       12u
#define USMP_MAX_PAYLOAD       480u
#define USMP_MAX_FRAME         (USMP_HEADER_SIZE + USMP_MAX_PAYLOAD)          /* 492 */
#define USMP_KEY_SIZE          32u
#define USMP_PUB_SIZE          32u
#define USMP_NONCE_SIZE        32u   /* handshake nonce */
#define USMP_DEVICE_ID_SIZE    6u
#define USMP_SESSION_ID_SIZE   16u
#define USMP_MAC_SIZE          32u
#define USMP_COOKIE_SIZE       16u
#define USMP_GCM_NONCE_SIZE    12u
#define USMP_GCM_TAG_SIZE      16u
#define USMP_AEAD_OVERHEAD     (USMP_GCM_NONCE_SIZE + USMP_GCM_TAG_SIZE)       /* 28 */
#define USMP_MAX_PLAINTEXT     (USMP_MAX_PAYLOAD - USMP_AEAD_OVERHEAD)         /* 452 */
#define USMP_REKEY_SALT_SIZE   32u
#define USMP_UTACK_SIZE        7u
#define USMP_UTACK_MAC_SIZE    8u
#define USMP_MIN_PSK_SIZE      16u

/* ---- primitives ---- */
void     usmp_wipe(void *p, size_t n);                                  /* not optimised away */
int      usmp_ct_equal(const uint8_t *a, const uint8_t *b, size_t n);   /* 1 if equal; time depends on n only */
uint16_t usmp_crc16(const uint8_t *data, size_t len);                   /* CRC-16/MODBUS, §1 */

int usmp_random(uint8_t *out, size_t len);                              /* port random, USMP_S_RANDOM on failure */

/* X25519, RFC 7748 (x25519.c, our own constant-time Montgomery ladder) */
int usmp_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32]); /* USMP_S_ZERO_SHARED if all zero */
int usmp_x25519_base(uint8_t pub[32], const uint8_t priv[32]);
int usmp_x25519_keypair(uint8_t priv[32], uint8_t pub[32]);             /* random private key, clamped on use */

/* HMAC-SHA256 (RFC 2104), HKDF-SHA256 (RFC 5869), AES-256-GCM (NIST SP 800-38D), on mbedTLS */
int usmp_hmac_sha256(uint8_t mac[32], const uint8_t *key, size_t key_len,
                     const uint8_t *msg, size_t msg_len);
int usmp_hkdf_sha256(uint8_t *okm, size_t okm_len, const uint8_t *ikm, size_t ikm_len,
                     const uint8_t *salt, size_t salt_len, const uint8_t *info, size_t info_len);
int usmp_aes256gcm_seal(uint8_t *ct, uint8_t tag[16], const uint8_t key[32],
                        const uint8_t *iv, size_t iv_len, const uint8_t *aad, size_t aad_len,
                        const uint8_t *pt, size_t pt_len);
int usmp_aes256gcm_open(uint8_t *pt, const uint8_t key[32], const uint8_t *iv, size_t iv_len,
                        const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t ct_len,
                        const uint8_t tag[16]);                          /* pt zeroed on USMP_S_AUTH */

/* ---- USMP operations: each is one native call from managed code ---- */

/* §3 step 3: shared = X25519(priv, peer_pub); okm = HKDF(shared, salt = nonce,
 * info = "usmp-v2" ‖ pub_C ‖ pub_S, 64); k_c2s = okm[0:32], k_s2c = okm[32:64]. */
int usmp_derive_session_keys(uint8_t k_c2s[32], uint8_t k_s2c[32], const uint8_t priv[32],
                             const uint8_t peer_pub[32], const uint8_t nonce[32],
                             const uint8_t pub_c[32], const uint8_t pub_s[32]);

/* §3 step 4: HMAC(PSK, CD AB 02 03 ‖ nonce ‖ device_id ‖ pub_C ‖ pub_S). psk_len >= 16. */
int usmp_client_proof(uint8_t mac[32], const uint8_t *psk, size_t psk_len, const uint8_t nonce[32],
                      const uint8_t device_id[6], const uint8_t pub_c[32], const uint8_t pub_s[32]);
/* §3 step 5: HMAC(PSK, CD AB 02 04 ‖ nonce ‖ session_id ‖ pub_C ‖ pub_S). psk_len >= 16. */
int usmp_server_proof(uint8_t mac[32], const uint8_t *psk, size_t psk_len, const uint8_t nonce[32],
                      const uint8_t session_id[16], const uint8_t pub_c[32], const uint8_t pub_s[32]);

/* Handshake message consumers (§2, §3). Each takes the message PAYLOAD (after the 12-byte
 * header), checks its exact length first (USMP_S_MALFORMED), then does the step's crypto. */

/* Client, §3 steps 2-4: CHALLENGE payload = nonce(32) ‖ pub_S(32), exactly 64 bytes.
 * Outputs the nonce and pub_S, keys = k_c2s ‖ k_s2c (64), and hmac_client for HELLO_ACK. */
int usmp_client_consume_challenge(const uint8_t *payload, size_t len, const uint8_t priv[32],
                                  const uint8_t pub_c[32], const uint8_t device_id[6],
                                  const uint8_t *psk, size_t psk_len, uint8_t nonce[32],
                                  uint8_t pub_s[32], uint8_t keys[64], uint8_t hmac_client[32]);
/* Client, §3 step 5: SESSION_OK payload = session_id(16) ‖ hmac_server(32), exactly 48 bytes.
 * Verifies hmac_server in constant time (USMP_S_AUTH) and outputs session_id. */
int usmp_client_consume_session_ok(const uint8_t *payload, size_t len, const uint8_t *psk,
                                   size_t psk_len, const uint8_t nonce[32], const uint8_t pub_c[32],
                                   const uint8_t pub_s[32], uint8_t session_id[16]);
/* Server, §3 step 1: HELLO payload = device_id(6) ‖ pub_C(32) [‖ cookie(16)], 38 or 54 bytes. */
int usmp_server_consume_hello(const uint8_t *payload, size_t len, uint8_t device_id[6],
                              uint8_t pub_c[32], uint8_t cookie[16], int *has_cookie);
/* Server, §3 step 4: HELLO_ACK payload = hmac_client(32), exactly 32 bytes, verified in constant time. */
int usmp_server_consume_hello_ack(const uint8_t *payload, size_t len, const uint8_t *psk,
                                  size_t psk_len, const uint8_t nonce[32], const uint8_t device_id[6],
                                  const uint8_t pub_c[32], const uint8_t pub_s[32]);
/* §8: HELLO_RETRY payload = cookie(16), exactly 16 bytes. */
int usmp_parse_hello_retry(const uint8_t *payload, size_t len, uint8_t cookie[16]);
/* §8: UTACK datagram = AC AC ‖ acked_type ‖ acked_seq(4 LE) [‖ mac(8)], 7 or 15 bytes. */
int usmp_parse_utack(const uint8_t *dgram, size_t len, uint8_t *acked_type, uint32_t *acked_seq,
                     int *has_mac);

/* §5: seal one session frame at out[out_off]: header(12, CRC filled) ‖ nonce(12) ‖ ct ‖ tag(16).
 * GCM nonce = seq LE ‖ session_id[0:8]; AAD = header bytes 0-9; CRC over header 0-9 ‖ payload.
 * pt_len <= 452; out_off + 40 + pt_len <= out_cap. *frame_len = 40 + pt_len.
 * pt and out may not overlap. No check on type: the caller owns the protocol policy. */
int usmp_seal_frame(uint8_t *out, size_t out_cap, size_t out_off, uint8_t type, uint32_t seq,
                    const uint8_t key[32], const uint8_t session_id[16], const uint8_t *pt,
                    size_t pt_len, size_t *frame_len);

/* §5: open one session frame. Checks, in order: frame_len >= 40, magic, version,
 * declared length == frame_len - 12 and <= 480 (USMP_S_MALFORMED); CRC (USMP_S_CRC); carried
 * nonce == seq LE ‖ session_id[0:8] and the GCM tag (both USMP_S_AUTH, compared in constant
 * time); then writes the plaintext to pt and *pt_len. pt_cap must be >= frame_len - 40.
 * On any failure pt[0 .. pt_cap) is zeroed and *pt_len = 0. */
int usmp_open_frame(uint8_t *pt, size_t pt_cap, size_t *pt_len, const uint8_t *frame,
                    size_t frame_len, const uint8_t key[32], const uint8_t session_id[16]);

/* §8: UTACK MAC = HMAC-SHA256(key, utack[0:7])[0:8]. */
int usmp_utack_mac(uint8_t mac[8], const uint8_t key[32], const uint8_t utack[7]);
int usmp_utack_verify(const uint8_t mac[8], const uint8_t key[32], const uint8_t utack[7]);

/* §7 REKEY: okm = HKDF(ikm = initiator_tx ‖ initiator_rx, salt, info = "usmp-rekey" ‖ session_id, 64).
 * first = okm[0:32], second = okm[32:64]. The initiator takes (tx, rx) = (first, second); the
 * responder takes (rx, tx) = (first, second). */
int usmp_rekey_derive(uint8_t first[32], uint8_t second[32], const uint8_t initiator_tx[32],
                      const uint8_t initiator_rx[32], const uint8_t salt[32],
                      const uint8_t session_id[16]);

#ifdef __cplusplus
}
#endif
#endif /* USMP_NATIVE_H */
