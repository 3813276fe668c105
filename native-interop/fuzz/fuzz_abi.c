/* fuzz_abi - the usmp_abi_* argument validation. The input picks a function, exact sizes for
 * every array (each allocated with exactly that size, so ASan traps any access outside it)
 * and raw int32 offsets/counts (negative, huge, overflowing). Whatever the arguments, the
 * ABI must never touch memory outside the arrays; ASan/UBSan are the oracle. */
#include <stdint.h>

#include "fuzz_common.h"
#include "usmp_abi.h"
#include "usmp_abi_server.h"

typedef struct {
    const uint8_t *p;
    size_t n;
} cursor;

static int32_t take_i32(cursor *c)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        v = (v << 8) | (c->n ? (c->n--, *c->p++) : 0);
    }
    return (int32_t)v;
}

/* A length for an array: usually small (0..70, around the fixed sizes), sometimes up to 600. */
static int32_t take_len(cursor *c)
{
    uint8_t b = c->n ? (c->n--, *c->p++) : 0;
    return b < 200 ? (int32_t)(b % 71) : (int32_t)((b - 200) * 11);
}

typedef struct {
    uint8_t *p[8];
    int32_t n[8];
} arrays;

static void make_arrays(arrays *a, cursor *c)
{
    int i;
    for (i = 0; i < 8; i++) {
        a->n[i] = take_len(c);
        a->p[i] = malloc((size_t)a->n[i] ? (size_t)a->n[i] : 1);
        memset(a->p[i], 0x42 + i, (size_t)a->n[i]);
        if (a->n[i] == 0 && (c->n ? c->p[0] & 1 : 0)) { /* sometimes a null array */
            free(a->p[i]);
            a->p[i] = NULL;
        }
    }
}

static void free_arrays(arrays *a)
{
    int i;
    for (i = 0; i < 8; i++) {
        free(a->p[i]);
    }
}

#define P(i) a.p[i]
#define N(i) a.n[i]

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cursor c = {data, size};
    arrays a;
    int32_t o1, o2, o3, o4;
    uint8_t which;
    if (size < 1) {
        return 0;
    }
    which = data[0];
    c.p++;
    c.n--;
    make_arrays(&a, &c);
    o1 = take_i32(&c);
    o2 = take_i32(&c);
    o3 = take_i32(&c);
    o4 = take_i32(&c);
    switch (which % 18) {
    case 0: usmp_abi_fill_random(P(0), N(0), o1, o2); break;
    case 1: usmp_abi_x25519_keypair(P(0), N(0), P(1), N(1)); break;
    case 2: usmp_abi_x25519(P(0), N(0), P(1), N(1), P(2), N(2)); break;
    case 3: usmp_abi_derive_session_keys(P(0), N(0), P(1), N(1), P(2), N(2), P(3), N(3), P(4), N(4),
                                         P(5), N(5), P(6), N(6)); break;
    case 4: usmp_abi_client_consume_challenge(P(0), N(0), o1, o2, P(1), N(1), P(2), N(2), P(3), N(3),
                                              P(4), N(4), P(5), N(5), P(6), N(6), P(7), N(7), P(1),
                                              N(1)); break;
    case 5: usmp_abi_client_consume_session_ok(P(0), N(0), o1, o2, P(1), N(1), P(2), N(2), P(3), N(3),
                                               P(4), N(4), P(5), N(5)); break;
    case 6: usmp_abi_server_consume_hello(P(0), N(0), o1, o2, P(1), N(1), P(2), N(2), P(3), N(3));
            break;
    case 7: usmp_abi_server_consume_hello_ack(P(0), N(0), o1, o2, P(1), N(1), P(2), N(2), P(3), N(3),
                                              P(4), N(4), P(5), N(5)); break;
    case 8: usmp_abi_server_proof(P(0), N(0), P(1), N(1), P(2), N(2), P(3), N(3), P(4), N(4), P(5),
                                  N(5)); break;
    case 9: usmp_abi_parse_hello_retry(P(0), N(0), o1, o2, P(1), N(1)); break;
    case 10: usmp_abi_crc16(P(0), N(0), o2, o1); break;
    case 11: usmp_abi_seal_frame(P(0), N(0), o1, o2, o3, P(1), N(1), P(2), N(2), P(3), N(3), o4,
                                 take_i32(&c), P(4), N(4)); break;
    case 12: usmp_abi_open_frame(P(0), N(0), o1, P(1), N(1), o2, o3, P(2), N(2), P(3), N(3), P(4),
                                 N(4)); break;
    case 13: usmp_abi_utack_mac(P(0), N(0), o1, P(1), N(1)); break;
    case 14: usmp_abi_utack_verify(P(0), N(0), o1, P(1), N(1)); break;
    case 15: usmp_abi_rekey_derive(P(0), N(0), P(1), N(1), P(2), N(2), P(3), N(3), P(4), N(4), P(5),
                                   N(5)); break;
    case 16: usmp_abi_crc16(P(0), N(0), o1, o2); break;
    default: usmp_abi_hmac_sha256(P(0), N(0), P(1), N(1), P(2), N(2), o1, o2); break;
    }
    free_arrays(&a);
    return 0;
}
