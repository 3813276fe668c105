/* json.h - a tiny JSON reader for the vector tests (tests only: it uses the heap). */
#ifndef USMP_TEST_JSON_H
#define USMP_TEST_JSON_H

#include <stddef.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } json_kind;

typedef struct json {
    json_kind kind;
    double num;
    char *str;            /* J_STR value */
    char **keys;          /* J_OBJ */
    struct json **items;  /* J_ARR / J_OBJ values */
    size_t count;
} json;

json *json_load_file(const char *path);           /* NULL (with a message) if missing/invalid */
void json_free(json *j);
const json *json_get(const json *obj, const char *key); /* NULL if absent or not an object */
const json *json_at(const json *arr, size_t i);
size_t json_len(const json *arr);
const char *json_str(const json *j);              /* NULL unless a string */
double json_num(const json *j);
const char *json_gets(const json *obj, const char *key); /* string member or NULL */

#endif
