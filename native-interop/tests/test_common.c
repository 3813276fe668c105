/* test_common.c - see test_common.h. */
#include "test_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int t_pass = 0;
int t_fail = 0;

int t_check(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (cond) {
        t_pass++;
        return 1;
    }
    t_fail++;
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 0;
}

static int nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

uint8_t *t_hex(const char *hex, size_t *len)
{
    size_t n, i;
    uint8_t *out;
    *len = 0;
    if (hex == NULL || strlen(hex) % 2 != 0) {
        CHECK(0, "bad or missing hex string");
        return calloc(1, 1);
    }
    n = strlen(hex) / 2;
    out = calloc(n + 1, 1);
    if (out == NULL) {
        abort();
    }
    for (i = 0; i < n; i++) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            CHECK(0, "bad hex digit in %s", hex);
            return out;
        }
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    *len = n;
    return out;
}

int t_hex_into(uint8_t *out, size_t n, const char *hex)
{
    size_t len;
    uint8_t *b = t_hex(hex, &len);
    int ok = CHECK(len == n, "hex length %zu, expected %zu", len, n);
    if (ok) {
        memcpy(out, b, n);
    }
    free(b);
    return ok;
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
    size_t i;
    fprintf(stderr, "  %s: ", label);
    for (i = 0; i < n; i++) {
        fprintf(stderr, "%02x", p[i]);
    }
    fputc('\n', stderr);
}

int t_bytes_eq(const uint8_t *got, const uint8_t *want, size_t n, const char *what)
{
    if (CHECK(memcmp(got, want, n) == 0, "%s differs", what)) {
        return 1;
    }
    print_hex("got ", got, n);
    print_hex("want", want, n);
    return 0;
}

int t_all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }
    return 1;
}

json *t_load(const char *dir, const char *name)
{
    char path[4096];
    json *j;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    j = json_load_file(path);
    CHECK(j != NULL, "vector file %s missing or invalid", path);
    return j;
}

int t_finish(const char *suite)
{
    if (t_pass + t_fail == 0) {
        t_fail++; /* a test that checked nothing is a failure */
        fprintf(stderr, "FAIL %s: no checks ran\n", suite);
    }
    printf("%s: %d passed, %d failed\n", suite, t_pass, t_fail);
    return t_fail == 0 ? 0 : 1;
}

const char *t_vectors_dir(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <vectors-dir>\n", argv[0]);
        exit(2);
    }
    return argv[1];
}
