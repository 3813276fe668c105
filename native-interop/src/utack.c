/*
 * utack.c - the UDP transport acknowledgement, §8:
 *   UTACK = AC AC ‖ acked_type ‖ acked_seq (4 LE)  [‖ mac(8)]
 *   mac = HMAC-SHA256(key, utack[0:7])[0:8], key = the receiver's rx key.
 */
#include <string.h>

#include "usmp_internal.h"

int usmp_utack_mac(uint8_t mac[8], const uint8_t key[32], const uint8_t utack[7])
{
    uint8_t full[32];
    int st;
    if (mac == NULL || key == NULL || utack == NULL) {
        usmp_wipe(mac, mac != NULL ? USMP_UTACK_MAC_SIZE : 0);
        return USMP_S_ARG;
    }
    st = usmp_hmac_sha256(full, key, USMP_KEY_SIZE, utack, USMP_UTACK_SIZE);
    if (st == USMP_S_OK) {
        memcpy(mac, full, USMP_UTACK_MAC_SIZE);
    } else {
        usmp_wipe(mac, USMP_UTACK_MAC_SIZE);
    }
    usmp_wipe(full, sizeof full);
    return st;
}

int usmp_utack_verify(const uint8_t mac[8], const uint8_t key[32], const uint8_t utack[7])
{
    uint8_t expect[USMP_UTACK_MAC_SIZE];
    int ok;
    int st;
    if (mac == NULL) {
        return USMP_S_ARG;
    }
    st = usmp_utack_mac(expect, key, utack);
    if (st == USMP_S_OK) {
        ok = usmp_ct_equal(expect, mac, USMP_UTACK_MAC_SIZE);
        USMP_DECLASSIFY(&ok, sizeof ok);
        st = ok ? USMP_S_OK : USMP_S_AUTH;
    }
    usmp_wipe(expect, sizeof expect);
    return st;
}

int usmp_parse_utack(const uint8_t *dgram, size_t len, uint8_t *acked_type, uint32_t *acked_seq,
                     int *has_mac)
{
    if (acked_type == NULL || acked_seq == NULL || has_mac == NULL || (dgram == NULL && len != 0)) {
        return USMP_S_ARG;
    }
    *acked_type = 0;
    *acked_seq = 0;
    *has_mac = 0;
    if (len != USMP_UTACK_SIZE && len != USMP_UTACK_SIZE + USMP_UTACK_MAC_SIZE) {
        return USMP_S_MALFORMED;
    }
    if (dgram[0] != 0xACu || dgram[1] != 0xACu) {
        return USMP_S_MALFORMED;
    }
    *acked_type = dgram[2];
    *acked_seq = usmp_get_le32(dgram + 3);
    *has_mac = len == USMP_UTACK_SIZE + USMP_UTACK_MAC_SIZE;
    return USMP_S_OK;
}
