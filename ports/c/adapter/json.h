/*
 * json.h: the adapter's small JSON reader and writer (no external library).
 *
 * The reader builds a tree of malloc'd nodes for one request line; strings keep
 * their decoded code points as UTF-8 and, when every code point is at most 0xFF,
 * as Latin-1 bytes too (what the mailbox manager takes for a target: the reference
 * counts UTF-16 code units and refuses any above 0xFF). The writer appends to a
 * growable buffer.
 */
#ifndef HSX_ADAPTER_JSON_H
#define HSX_ADAPTER_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype_t;

typedef struct jval {
    jtype_t type;
    int boolean;
    int is_int;         /* J_NUM: an integer literal without fraction or exponent */
    long long integer;  /* J_NUM with is_int */
    double number;
    char *str;          /* J_STR: UTF-8, NUL-terminated (may contain NULs; see len) */
    size_t len;         /* bytes of str */
    char *latin1;       /* J_STR: one byte per code point, or NULL when one is above 0xFF */
    size_t units;       /* J_STR: UTF-16 code units */
    char *key;          /* member name inside an object */
    struct jval *first; /* J_ARR, J_OBJ */
    struct jval *next;
} jval_t;

/* Parse one JSON text; NULL on a syntax error (with *error set to a static message). */
jval_t *json_parse(const char *text, size_t len, const char **error);
void json_free(jval_t *v);
/* Member of an object, or NULL. */
const jval_t *json_get(const jval_t *obj, const char *key);

typedef struct jbuf {
    char *data;
    size_t len, cap;
} jbuf_t;

void jb_init(jbuf_t *b);
void jb_free(jbuf_t *b);
void jb_reset(jbuf_t *b);
void jb_raw(jbuf_t *b, const char *s, size_t n);
void jb_str(jbuf_t *b, const char *s);          /* a raw C string */
void jb_quoted(jbuf_t *b, const char *s, size_t n); /* a JSON string of bytes (each byte one code point) */
void jb_u64(jbuf_t *b, uint64_t v);
void jb_i64(jbuf_t *b, int64_t v);
void jb_hex(jbuf_t *b, const uint8_t *p, size_t n); /* "0a1b..." */
/* "key": with a comma before it unless it opens the object ({ just written). */
void jb_key(jbuf_t *b, const char *key);
void jb_comma(jbuf_t *b);                        /* a comma unless after [ or { */

#endif /* HSX_ADAPTER_JSON_H */
