/*
 * test_x25519.c - our X25519 against RFC 7748 §5.2 and §6.1 and every Wycheproof x25519 case.
 *
 * Usage: test_x25519 <vectors_dir> [--million]
 *   <vectors_dir> is tests/vectors/data (the Wycheproof file is <vectors_dir>/wycheproof/x25519_test.json).
 *   --million also runs the 1,000,000-iteration RFC 7748 §5.2 test (slow; off by default).
 * Prints one line per failure and "N passed, N failed" last; exits non-zero on any failure,
 * when the Wycheproof file is missing, or when fewer than 518 of its cases ran.
 *
 * Built with -DUSMP_X25519_STANDALONE it carries its own usmp_wipe/usmp_random stubs, so it
 * links with x25519.c alone; otherwise it links against the core library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usmp_native.h"

#define WYCHEPROOF_X25519_CASES 518

static int g_passed, g_failed;

#ifdef USMP_X25519_STANDALONE
void usmp_wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--) {
        *v++ = 0;
    }
}

static int g_random_fails;
static uint32_t g_random_state = 0x12345678u;
int usmp_random(uint8_t *out, size_t len)
{
    size_t i;
    if (g_random_fails) {
        return USMP_S_RANDOM;
    }
    for (i = 0; i < len; ++i) { /* xorshift: deterministic test bytes, not a real RNG */
        g_random_state ^= g_random_state << 13;
        g_random_state ^= g_random_state >> 17;
        g_random_state ^= g_random_state << 5;
        out[i] = (uint8_t)(g_random_state >> 24);
    }
    return USMP_S_OK;
}
#endif

static void check(int ok, const char *what)
{
    if (ok) {
        ++g_passed;
    } else {
        ++g_failed;
        printf("FAIL: %s\n", what);
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode exactly 2 n hex digits; returns 0 on success. */
static int unhex_n(uint8_t *out, size_t n, const char *hex, size_t hex_len)
{
    size_t i;
    if (hex_len != 2 * n) {
        return -1;
    }
    for (i = 0; i < n; ++i) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

static void unhex32(uint8_t out[32], const char *hex)
{
    if (unhex_n(out, 32, hex, strlen(hex)) != 0) {
        fprintf(stderr, "bad hex constant in the test itself: %s\n", hex);
        exit(2);
    }
}

static int is_zero32(const uint8_t v[32])
{
    uint8_t acc = 0;
    int i;
    for (i = 0; i < 32; ++i) acc |= v[i];
    return acc == 0;
}

/* ---- RFC 7748 ---- */

static void test_rfc7748_5_2_single(void)
{
    static const char *const vec[2][3] = {
        { "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
          "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
          "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
        { "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
          "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
          "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
    };
    int i;
    for (i = 0; i < 2; ++i) {
        uint8_t k[32], u[32], want[32], got[32];
        int st;
        unhex32(k, vec[i][0]);
        unhex32(u, vec[i][1]);
        unhex32(want, vec[i][2]);
        st = usmp_x25519(got, k, u);
        check(st == USMP_S_OK && memcmp(got, want, 32) == 0, i ? "RFC 7748 5.2 vector 2" : "RFC 7748 5.2 vector 1");
    }
}

static void test_rfc7748_5_2_iterated(int million)
{
    static const char *const want1 = "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079";
    static const char *const want1000 = "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51";
    static const char *const want1m = "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424";
    uint8_t k[32] = { 9 }, u[32] = { 9 }, r[32], want[32];
    long i, n = million ? 1000000L : 1000L;
    int ok = 1;
    for (i = 1; i <= n; ++i) {
        ok &= usmp_x25519(r, k, u) == USMP_S_OK;
        memcpy(u, k, 32);
        memcpy(k, r, 32);
        if (i == 1) {
            unhex32(want, want1);
            check(ok && memcmp(k, want, 32) == 0, "RFC 7748 5.2 iterated, 1 iteration");
        } else if (i == 1000) {
            unhex32(want, want1000);
            check(ok && memcmp(k, want, 32) == 0, "RFC 7748 5.2 iterated, 1,000 iterations");
        }
    }
    if (million) {
        unhex32(want, want1m);
        check(ok && memcmp(k, want, 32) == 0, "RFC 7748 5.2 iterated, 1,000,000 iterations");
    }
}

static void test_rfc7748_6_1(void)
{
    uint8_t a[32], b[32], a_pub[32], b_pub[32], shared[32], got[32];
    unhex32(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    unhex32(b, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    unhex32(a_pub, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    unhex32(b_pub, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    unhex32(shared, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    check(usmp_x25519_base(got, a) == USMP_S_OK && memcmp(got, a_pub, 32) == 0, "RFC 7748 6.1 Alice public key");
    check(usmp_x25519_base(got, b) == USMP_S_OK && memcmp(got, b_pub, 32) == 0, "RFC 7748 6.1 Bob public key");
    check(usmp_x25519(got, a, b_pub) == USMP_S_OK && memcmp(got, shared, 32) == 0, "RFC 7748 6.1 shared (Alice)");
    check(usmp_x25519(got, b, a_pub) == USMP_S_OK && memcmp(got, shared, 32) == 0, "RFC 7748 6.1 shared (Bob)");
}

/* ---- public key = X25519(priv, 9); keypair ---- */

static void test_base_equals_mul_by_9(void)
{
    uint8_t priv[32], nine[32] = { 9 }, p1[32], p2[32];
    int i, ok = 1;
    for (i = 0; i < 32; ++i) priv[i] = (uint8_t)(i * 37 + 11);
    for (i = 0; i < 8; ++i) {
        ok &= usmp_x25519_base(p1, priv) == USMP_S_OK;
        ok &= usmp_x25519(p2, priv, nine) == USMP_S_OK;
        ok &= memcmp(p1, p2, 32) == 0 && !is_zero32(p1);
        priv[i] ^= 0xa5;
    }
    check(ok, "x25519_base(priv) == x25519(priv, 9)");
}

static void test_keypair(void)
{
    uint8_t priv[32], pub[32], again[32], priv2[32], pub2[32];
    int st = usmp_x25519_keypair(priv, pub);
    check(st == USMP_S_OK && !is_zero32(priv), "keypair returns a private key");
    check(usmp_x25519_base(again, priv) == USMP_S_OK && memcmp(again, pub, 32) == 0, "keypair public == base(priv)");
    check(usmp_x25519_keypair(priv2, pub2) == USMP_S_OK && memcmp(priv, priv2, 32) != 0, "keypair: two calls differ");
#ifdef USMP_X25519_STANDALONE
    g_random_fails = 1;
    memset(priv, 0xee, 32);
    memset(pub, 0xee, 32);
    st = usmp_x25519_keypair(priv, pub);
    g_random_fails = 0;
    check(st == USMP_S_RANDOM && is_zero32(priv) && is_zero32(pub), "keypair: random failure -> USMP_S_RANDOM, outputs zeroed");
#endif
}

/* ---- Wycheproof x25519_test.json: a tiny reader for its flat test objects ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = (size_t)n;
    }
    return buf;
}

/* In [obj, end): find "key" : "value"; return the value start and its length, or NULL. */
static const char *json_string(const char *obj, const char *end, const char *key, size_t *vlen)
{
    char pat[32];
    const char *p = obj, *q;
    size_t klen = strlen(key);
    snprintf(pat, sizeof(pat), "\"%s\"", key);
    for (;;) {
        p = strstr(p, pat);
        if (!p || p >= end) return NULL;
        q = p + klen + 2;
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')) ++q;
        if (q < end && *q == ':') break;
        p = q; /* the key text appeared as a value: keep looking */
    }
    ++q;
    while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')) ++q;
    if (q >= end || *q != '"') return NULL;
    p = ++q;
    while (q < end && *q != '"') ++q;
    if (q >= end) return NULL;
    *vlen = (size_t)(q - p);
    return p;
}

/* Run one test object [obj, end). Returns 1 if it was a well-formed case (run), else 0. */
static int wycheproof_case(const char *obj, const char *end, long tc_id)
{
    const char *pub_s, *priv_s, *shared_s, *result_s, *flags;
    size_t pub_n, priv_n, shared_n, result_n;
    uint8_t pub[32], priv[32], want[32], got[32];
    char what[96];
    int expect_zero, zero_flag, st;

    pub_s = json_string(obj, end, "public", &pub_n);
    priv_s = json_string(obj, end, "private", &priv_n);
    shared_s = json_string(obj, end, "shared", &shared_n);
    result_s = json_string(obj, end, "result", &result_n);
    if (!pub_s || !priv_s || !shared_s || !result_s || unhex_n(pub, 32, pub_s, pub_n) != 0 ||
        unhex_n(priv, 32, priv_s, priv_n) != 0 || unhex_n(want, 32, shared_s, shared_n) != 0) {
        snprintf(what, sizeof(what), "Wycheproof x25519 tcId %ld: unreadable case", tc_id);
        check(0, what);
        return 0;
    }
    flags = strstr(obj, "\"flags\"");
    zero_flag = flags && flags < end && strstr(flags, "ZeroSharedSecret") && strstr(flags, "ZeroSharedSecret") < end;
    expect_zero = is_zero32(want);
    memset(got, 0xcc, sizeof(got));
    st = usmp_x25519(got, priv, pub);
    if (expect_zero) {
        /* USMP refuses the all-zero shared secret (§3 step 3) and leaves out zeroed. */
        snprintf(what, sizeof(what), "Wycheproof x25519 tcId %ld: zero shared secret must be refused", tc_id);
        check(zero_flag && st == USMP_S_ZERO_SHARED && is_zero32(got), what);
    } else {
        snprintf(what, sizeof(what), "Wycheproof x25519 tcId %ld (%.*s)", tc_id, (int)result_n, result_s);
        check(!zero_flag && st == USMP_S_OK && memcmp(got, want, 32) == 0, what);
    }
    return 1;
}

static void test_wycheproof(const char *dir)
{
    char path[1024];
    size_t len = 0;
    char *json;
    const char *p;
    int ran = 0;
    snprintf(path, sizeof(path), "%s/wycheproof/x25519_test.json", dir);
    json = read_file(path, &len);
    if (!json) {
        printf("FAIL: cannot read %s\n", path);
        ++g_failed;
        return;
    }
    /* Each case is a flat object {"tcId": N, ..., "result": "..."}: no nested braces. */
    for (p = strstr(json, "\"tcId\""); p; p = strstr(p + 1, "\"tcId\"")) {
        const char *start = p, *end = strchr(p, '}');
        if (!end) break;
        ran += wycheproof_case(start, end, strtol(strchr(p, ':') + 1, NULL, 10));
    }
    free(json);
    {
        char what[96];
        snprintf(what, sizeof(what), "Wycheproof x25519: %d cases ran, expected %d", ran, WYCHEPROOF_X25519_CASES);
        check(ran >= WYCHEPROOF_X25519_CASES, what);
    }
}

int main(int argc, char **argv)
{
    int million = 0, i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <vectors_dir> [--million]\n", argv[0]);
        return 2;
    }
    for (i = 2; i < argc; ++i) {
        if (strcmp(argv[i], "--million") == 0) million = 1;
    }
    test_rfc7748_5_2_single();
    test_rfc7748_5_2_iterated(million);
    test_rfc7748_6_1();
    test_base_equals_mul_by_9();
    test_keypair();
    test_wycheproof(argv[1]);
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed != 0;
}
