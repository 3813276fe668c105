/* test_common.h - shared helpers of the vector tests: counters, hex, vector loading. */
#ifndef USMP_TEST_COMMON_H
#define USMP_TEST_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "usmp_native.h"

extern int t_pass;
extern int t_fail;

/* Record one check; print a line on failure. Returns cond. */
int t_check(int cond, const char *file, int line, const char *fmt, ...);
#define CHECK(cond, ...) t_check((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

/* Decode hex (upper or lower case) into a fresh heap buffer; *len = byte count.
 * A NULL or invalid string records a failure and returns a 1-byte buffer with *len 0. */
uint8_t *t_hex(const char *hex, size_t *len);
/* Decode exactly n bytes into out; records a failure if the length differs. */
int t_hex_into(uint8_t *out, size_t n, const char *hex);
/* Bytes equal? Prints both in hex on mismatch. */
int t_bytes_eq(const uint8_t *got, const uint8_t *want, size_t n, const char *what);
int t_all_zero(const uint8_t *p, size_t n);

/* Load <dir>/<name>; a missing or invalid file is a recorded failure (never a skip). */
json *t_load(const char *dir, const char *name);

/* Print "N passed, N failed" and return the exit code. */
int t_finish(const char *suite);

/* argv[1] is the vectors directory. */
const char *t_vectors_dir(int argc, char **argv);

#endif
