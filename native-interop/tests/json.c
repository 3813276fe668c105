/* json.c - recursive-descent JSON reader for the vector tests. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    const char *end;
    int err;
} reader;

static json *parse_value(reader *r, int depth);

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')) {
        r->p++;
    }
}

static json *new_node(json_kind k)
{
    json *j = calloc(1, sizeof *j);
    if (j == NULL) {
        abort();
    }
    j->kind = k;
    return j;
}

static char *parse_string_raw(reader *r)
{
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    if (s == NULL || r->p >= r->end || *r->p != '"') {
        free(s);
        r->err = 1;
        return NULL;
    }
    r->p++;
    while (r->p < r->end && *r->p != '"') {
        char c = *r->p++;
        if (c == '\\' && r->p < r->end) {
            char e = *r->p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u':
                if (r->end - r->p < 4) {
                    r->err = 1;
                    free(s);
                    return NULL;
                }
                r->p += 4;
                c = '?'; /* non-ASCII never matters for vectors: keys and hex are ASCII */
                break;
            default: c = e; break;
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            s = realloc(s, cap);
            if (s == NULL) {
                abort();
            }
        }
        s[n++] = c;
    }
    if (r->p >= r->end) {
        r->err = 1;
        free(s);
        return NULL;
    }
    r->p++;
    s[n] = '\0';
    return s;
}

static void push(json *j, char *key, json *v)
{
    j->items = realloc(j->items, (j->count + 1) * sizeof *j->items);
    if (j->items == NULL) {
        abort();
    }
    if (j->kind == J_OBJ) {
        j->keys = realloc(j->keys, (j->count + 1) * sizeof *j->keys);
        if (j->keys == NULL) {
            abort();
        }
        j->keys[j->count] = key;
    }
    j->items[j->count++] = v;
}

static json *parse_container(reader *r, int depth, int is_obj)
{
    json *j = new_node(is_obj ? J_OBJ : J_ARR);
    char close = is_obj ? '}' : ']';
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return j;
    }
    while (!r->err) {
        char *key = NULL;
        json *v;
        skip_ws(r);
        if (is_obj) {
            key = parse_string_raw(r);
            skip_ws(r);
            if (r->err || r->p >= r->end || *r->p != ':') {
                free(key);
                r->err = 1;
                break;
            }
            r->p++;
        }
        v = parse_value(r, depth + 1);
        if (v == NULL) {
            free(key);
            break;
        }
        push(j, key, v);
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return j;
        }
        r->err = 1;
    }
    json_free(j);
    return NULL;
}

static json *parse_literal(reader *r, const char *word, json_kind k, double v)
{
    size_t n = strlen(word);
    json *j;
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) {
        r->err = 1;
        return NULL;
    }
    r->p += n;
    j = new_node(k);
    j->num = v;
    return j;
}

static json *parse_value(reader *r, int depth)
{
    json *j;
    skip_ws(r);
    if (r->p >= r->end || depth > 64) {
        r->err = 1;
        return NULL;
    }
    switch (*r->p) {
    case '{': return parse_container(r, depth, 1);
    case '[': return parse_container(r, depth, 0);
    case '"':
        j = new_node(J_STR);
        j->str = parse_string_raw(r);
        if (j->str == NULL) {
            free(j);
            return NULL;
        }
        return j;
    case 't': return parse_literal(r, "true", J_BOOL, 1);
    case 'f': return parse_literal(r, "false", J_BOOL, 0);
    case 'n': return parse_literal(r, "null", J_NULL, 0);
    default: {
        char *endp;
        double v = strtod(r->p, &endp);
        if (endp == r->p) {
            r->err = 1;
            return NULL;
        }
        r->p = endp;
        j = new_node(J_NUM);
        j->num = v;
        return j;
    }
    }
}

json *json_load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    char *buf;
    reader r;
    json *j;
    if (f == NULL) {
        fprintf(stderr, "FAIL: cannot open vector file %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(buf);
        fprintf(stderr, "FAIL: cannot read %s\n", path);
        return NULL;
    }
    fclose(f);
    r.p = buf;
    r.end = buf + size;
    r.err = 0;
    j = parse_value(&r, 0);
    free(buf);
    if (j == NULL || r.err) {
        json_free(j);
        fprintf(stderr, "FAIL: %s is not valid JSON\n", path);
        return NULL;
    }
    return j;
}

void json_free(json *j)
{
    size_t i;
    if (j == NULL) {
        return;
    }
    for (i = 0; i < j->count; i++) {
        json_free(j->items[i]);
        if (j->keys != NULL) {
            free(j->keys[i]);
        }
    }
    free(j->items);
    free(j->keys);
    free(j->str);
    free(j);
}

const json *json_get(const json *obj, const char *key)
{
    size_t i;
    if (obj == NULL || obj->kind != J_OBJ) {
        return NULL;
    }
    for (i = 0; i < obj->count; i++) {
        if (strcmp(obj->keys[i], key) == 0) {
            return obj->items[i];
        }
    }
    return NULL;
}

const json *json_at(const json *arr, size_t i)
{
    if (arr == NULL || (arr->kind != J_ARR && arr->kind != J_OBJ) || i >= arr->count) {
        return NULL;
    }
    return arr->items[i];
}

size_t json_len(const json *arr)
{
    return (arr != NULL && (arr->kind == J_ARR || arr->kind == J_OBJ)) ? arr->count : 0;
}

const char *json_str(const json *j)
{
    return (j != NULL && j->kind == J_STR) ? j->str : NULL;
}

double json_num(const json *j)
{
    return (j != NULL && (j->kind == J_NUM || j->kind == J_BOOL)) ? j->num : 0.0;
}

const char *json_gets(const json *obj, const char *key)
{
    return json_str(json_get(obj, key));
}
