/*
 * frame_open.c - open one session frame, §5. Checks, in this order:
 *   1. frame_len >= 40, magic, version, declared length == frame_len - 12 and <= 480
 *      (USMP_S_MALFORMED: public bytes only);
 *   2. CRC-16 over header[0:10] ‖ payload (USMP_S_CRC);
 *   3. carried nonce == seq LE ‖ session_id[0:8], and the GCM tag: one verdict, USMP_S_AUTH,
 *      both compared in constant time, so a forgery learns nothing about which check failed.
 * On any failure pt[0 .. pt_cap) is zeroed and *pt_len = 0.
 */
#include <string.h>

#include "usmp_internal.h"

#define MIN_FRAME (USMP_HEADER_SIZE + USMP_AEAD_OVERHEAD) /* 40 */

static int check_framing(const uint8_t *frame, size_t frame_len)
{
    size_t declared;
    if (frame_len < MIN_FRAME || frame_len > USMP_MAX_FRAME) {
        return USMP_S_MALFORMED;
    }
    if (usmp_get_le16(frame) != USMP_MAGIC || frame[2] != USMP_VERSION) {
        return USMP_S_MALFORMED;
    }
    declared = usmp_get_le16(frame + 8);
    if (declared > USMP_MAX_PAYLOAD || declared != frame_len - USMP_HEADER_SIZE) {
        return USMP_S_MALFORMED;
    }
    return USMP_S_OK;
}

static int check_crc(const uint8_t *frame, size_t frame_len)
{
    uint16_t crc = usmp_crc16_update(0xFFFFu, frame, 10);
    crc = usmp_crc16_update(crc, frame + USMP_HEADER_SIZE, frame_len - USMP_HEADER_SIZE);
    return crc == usmp_get_le16(frame + 10) ? USMP_S_OK : USMP_S_CRC;
}

/* Nonce check and GCM open; the two verdicts are merged before anything branches on them. */
static int authenticate(uint8_t *pt, const uint8_t *frame, size_t frame_len, const uint8_t key[32],
                        const uint8_t session_id[16])
{
    uint8_t expect[USMP_GCM_NONCE_SIZE];
    const uint8_t *nonce = frame + USMP_HEADER_SIZE;
    const uint8_t *ct = nonce + USMP_GCM_NONCE_SIZE;
    size_t ct_len = frame_len - MIN_FRAME;
    int nonce_ok;
    int st;
    usmp_frame_nonce(expect, usmp_get_le32(frame + 4), session_id);
    nonce_ok = usmp_ct_equal(expect, nonce, USMP_GCM_NONCE_SIZE);
    st = usmp_aes256gcm_open(pt, key, expect, USMP_GCM_NONCE_SIZE, frame, 10, ct, ct_len,
                             ct + ct_len);
    USMP_DECLASSIFY(&nonce_ok, sizeof nonce_ok);
    if (st == USMP_S_OK && !nonce_ok) {
        st = USMP_S_AUTH;
    }
    return st;
}

int usmp_open_frame(uint8_t *pt, size_t pt_cap, size_t *pt_len, const uint8_t *frame,
                    size_t frame_len, const uint8_t key[32], const uint8_t session_id[16])
{
    int st;
    if (pt_len != NULL) {
        *pt_len = 0;
    }
    if ((pt == NULL && pt_cap != 0) || pt_len == NULL || frame == NULL || key == NULL ||
        session_id == NULL) {
        st = USMP_S_ARG;
    } else {
        st = check_framing(frame, frame_len);
        if (st == USMP_S_OK && pt_cap < frame_len - MIN_FRAME) {
            st = USMP_S_ARG;
        }
        if (st == USMP_S_OK) {
            st = check_crc(frame, frame_len);
        }
        if (st == USMP_S_OK) {
            st = authenticate(pt, frame, frame_len, key, session_id);
        }
    }
    if (st != USMP_S_OK) {
        usmp_wipe(pt, pt != NULL ? pt_cap : 0);
        return st;
    }
    *pt_len = frame_len - MIN_FRAME;
    return USMP_S_OK;
}
