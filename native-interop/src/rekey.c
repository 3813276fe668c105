/*
 * rekey.c - REKEY key derivation, §7:
 *   okm = HKDF-SHA256(ikm = initiator_tx ‖ initiator_rx, salt, info = "usmp-rekey" ‖ session_id, 64)
 *   first = okm[0:32], second = okm[32:64]
 * The initiator takes (tx, rx) = (first, second); the responder (rx, tx) = (first, second).
 */
#include <string.h>

#include "usmp_internal.h"

static const uint8_t REKEY_LABEL[10] = {'u', 's', 'm', 'p', '-', 'r', 'e', 'k', 'e', 'y'};

int usmp_rekey_derive(uint8_t first[32], uint8_t second[32], const uint8_t initiator_tx[32],
                      const uint8_t initiator_rx[32], const uint8_t salt[32],
                      const uint8_t session_id[16])
{
    uint8_t ikm[64];
    uint8_t info[sizeof REKEY_LABEL + USMP_SESSION_ID_SIZE];
    uint8_t okm[64];
    int st;
    if (first == NULL || second == NULL || initiator_tx == NULL || initiator_rx == NULL ||
        salt == NULL || session_id == NULL) {
        usmp_wipe(first, first != NULL ? 32 : 0);
        usmp_wipe(second, second != NULL ? 32 : 0);
        return USMP_S_ARG;
    }
    memcpy(ikm, initiator_tx, 32);
    memcpy(ikm + 32, initiator_rx, 32);
    memcpy(info, REKEY_LABEL, sizeof REKEY_LABEL);
    memcpy(info + sizeof REKEY_LABEL, session_id, USMP_SESSION_ID_SIZE);
    st = usmp_hkdf_sha256(okm, sizeof okm, ikm, sizeof ikm, salt, USMP_REKEY_SALT_SIZE, info,
                          sizeof info);
    if (st == USMP_S_OK) {
        memcpy(first, okm, 32);
        memcpy(second, okm + 32, 32);
    } else {
        usmp_wipe(first, 32);
        usmp_wipe(second, 32);
    }
    usmp_wipe(ikm, sizeof ikm);
    usmp_wipe(okm, sizeof okm);
    return st;
}
