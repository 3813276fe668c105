/*
 * frame_seal.c - seal one session frame, §5:
 *   header = CD AB ‖ 02 ‖ type ‖ seq LE ‖ length LE ‖ crc LE      (12 bytes)
 *   payload = nonce(12) ‖ AES-256-GCM(key, nonce, AAD = header[0:10], pt) ‖ tag(16)
 *   nonce = seq LE ‖ session_id[0:8]; crc = CRC-16 over header[0:10] ‖ payload.
 */
#include <stdint.h>
#include <string.h>

#include "usmp_internal.h"

void usmp_frame_nonce(uint8_t nonce[12], uint32_t seq, const uint8_t session_id[16])
{
    usmp_put_le32(nonce, seq);
    memcpy(nonce + 4, session_id, 8);
}

static int overlaps(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    uintptr_t a0 = (uintptr_t)a, b0 = (uintptr_t)b;
    if (a_len == 0 || b_len == 0) {
        return 0;
    }
    return a0 < b0 + b_len && b0 < a0 + a_len;
}

static int seal_args_ok(const uint8_t *out, size_t out_cap, size_t out_off, const uint8_t *key,
                        const uint8_t *session_id, const uint8_t *pt, size_t pt_len,
                        const size_t *frame_len)
{
    size_t need;
    if (out == NULL || key == NULL || session_id == NULL || frame_len == NULL ||
        (pt == NULL && pt_len != 0) || pt_len > USMP_MAX_PLAINTEXT) {
        return 0;
    }
    need = USMP_HEADER_SIZE + USMP_AEAD_OVERHEAD + pt_len; /* <= 492, cannot overflow */
    if (out_off > out_cap || out_cap - out_off < need) {
        return 0;
    }
    return !overlaps(out + out_off, need, pt, pt_len);
}

static void write_header(uint8_t *f, uint8_t type, uint32_t seq, uint16_t payload_len)
{
    usmp_put_le16(f, (uint16_t)USMP_MAGIC);
    f[2] = (uint8_t)USMP_VERSION;
    f[3] = type;
    usmp_put_le32(f + 4, seq);
    usmp_put_le16(f + 8, payload_len);
    f[10] = 0;
    f[11] = 0;
}

int usmp_seal_frame(uint8_t *out, size_t out_cap, size_t out_off, uint8_t type, uint32_t seq,
                    const uint8_t key[32], const uint8_t session_id[16], const uint8_t *pt,
                    size_t pt_len, size_t *frame_len)
{
    uint8_t *f;
    uint16_t plen;
    uint16_t crc;
    int st;
    if (!seal_args_ok(out, out_cap, out_off, key, session_id, pt, pt_len, frame_len)) {
        if (out != NULL && out_off <= out_cap) {
            usmp_wipe(out + out_off, out_cap - out_off);
        }
        if (frame_len != NULL) {
            *frame_len = 0;
        }
        return USMP_S_ARG;
    }
    f = out + out_off;
    plen = (uint16_t)(USMP_AEAD_OVERHEAD + pt_len);
    write_header(f, type, seq, plen);
    usmp_frame_nonce(f + USMP_HEADER_SIZE, seq, session_id);
    st = usmp_aes256gcm_seal(f + USMP_HEADER_SIZE + USMP_GCM_NONCE_SIZE,
                             f + USMP_HEADER_SIZE + USMP_GCM_NONCE_SIZE + pt_len, key,
                             f + USMP_HEADER_SIZE, USMP_GCM_NONCE_SIZE, f, 10, pt, pt_len);
    if (st != USMP_S_OK) {
        usmp_wipe(f, USMP_HEADER_SIZE + plen);
        *frame_len = 0;
        return st;
    }
    /* The sealed payload is what goes on the wire: public from here on (crc16.c indexes a table). */
    USMP_DECLASSIFY(f + USMP_HEADER_SIZE, plen);
    crc = usmp_crc16_update(0xFFFFu, f, 10);
    crc = usmp_crc16_update(crc, f + USMP_HEADER_SIZE, plen);
    usmp_put_le16(f + 10, crc);
    *frame_len = USMP_HEADER_SIZE + (size_t)plen;
    return USMP_S_OK;
}
