/* json.c: see json.h. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ reader */

typedef struct {
    const char *p, *end;
    const char *error;
    int depth;
} parser_t;

#define MAX_DEPTH 64

static void *xcalloc(size_t n)
{
    void *p = calloc(1, n);
    if (p == NULL) {
        fputs("hsx-mbx-adapter: out of memory\n", stderr);
        exit(3);
    }
    return p;
}

static void skip_ws(parser_t *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static jval_t *fail_at(parser_t *ps, const char *why)
{
    if (ps->error == NULL) ps->error = why;
    return NULL;
}

static int hex4(parser_t *ps, unsigned *out)
{
    unsigned v = 0;
    int i;
    if (ps->end - ps->p < 4) return 0;
    for (i = 0; i < 4; i++) {
        char c = *ps->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* One UTF-8 sequence at ps->p; 0 when malformed. */
static int utf8_next(parser_t *ps, unsigned long *cp)
{
    const unsigned char *s = (const unsigned char *)ps->p;
    size_t left = (size_t)(ps->end - ps->p);
    unsigned long c;
    int n, i;
    if (s[0] < 0x80) {
        c = s[0];
        n = 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        c = s[0] & 0x1Fu;
        n = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        c = s[0] & 0x0Fu;
        n = 3;
    } else if ((s[0] & 0xF8) == 0xF0) {
        c = s[0] & 0x07u;
        n = 4;
    } else {
        return 0;
    }
    if ((size_t)n > left) return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    ps->p += n;
    *cp = c;
    return 1;
}

static void put_utf8(char *out, size_t *n, unsigned long c)
{
    if (c < 0x80) {
        out[(*n)++] = (char)c;
    } else if (c < 0x800) {
        out[(*n)++] = (char)(0xC0 | (c >> 6));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out[(*n)++] = (char)(0xE0 | (c >> 12));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[(*n)++] = (char)(0xF0 | (c >> 18));
        out[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    }
}

static jval_t *parse_string(parser_t *ps, jval_t *v)
{
    /* Decoding never makes a string longer than its source text, up to the closing quote. */
    const char *q = ps->p + 1;
    size_t cap, n = 0, k = 0, units = 0;
    char *out, *lat;
    int wide = 0;
    while (q < ps->end && *q != '"') q += *q == '\\' ? 2 : 1;
    cap = (size_t)(q - ps->p) + 1;
    ps->p++; /* " */
    out = xcalloc(cap);
    lat = xcalloc(cap);
    for (;;) {
        unsigned long c;
        if (ps->p >= ps->end) goto bad;
        if (*ps->p == '"') {
            ps->p++;
            break;
        }
        if ((unsigned char)*ps->p < 0x20) goto bad;
        if (*ps->p == '\\') {
            char e;
            ps->p++;
            if (ps->p >= ps->end) goto bad;
            e = *ps->p++;
            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = 8; break;
            case 'f': c = 12; break;
            case 'n': c = 10; break;
            case 'r': c = 13; break;
            case 't': c = 9; break;
            case 'u': {
                unsigned u, lo;
                if (!hex4(ps, &u)) goto bad;
                c = u;
                if (u >= 0xD800 && u < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                    const char *save = ps->p;
                    ps->p += 2;
                    if (hex4(ps, &lo) && lo >= 0xDC00 && lo < 0xE000) c = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    else ps->p = save;
                }
                break;
            }
            default: goto bad;
            }
        } else if (!utf8_next(ps, &c)) {
            goto bad;
        }
        units += c >= 0x10000 ? 2 : 1;
        put_utf8(out, &n, c);
        if (c > 0xFF) wide = 1;
        else lat[k++] = (char)c;
    }
    v->type = J_STR;
    v->str = out;
    v->len = n;
    v->units = units;
    if (wide) free(lat);
    else v->latin1 = lat;
    return v;
bad:
    free(out);
    free(lat);
    return fail_at(ps, "bad string");
}

static jval_t *parse_value(parser_t *ps);

static jval_t *parse_number(parser_t *ps, jval_t *v)
{
    const char *s = ps->p;
    char buf[64];
    size_t n;
    int is_int = 1;
    if (ps->p < ps->end && *ps->p == '-') ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail_at(ps, "bad number");
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    if (ps->p < ps->end && *ps->p == '.') {
        is_int = 0;
        ps->p++;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        is_int = 0;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    }
    n = (size_t)(ps->p - s);
    if (n >= sizeof buf) return fail_at(ps, "number too long");
    memcpy(buf, s, n);
    buf[n] = '\0';
    v->type = J_NUM;
    v->number = strtod(buf, NULL);
    v->is_int = is_int && n <= 18;
    if (v->is_int) v->integer = strtoll(buf, NULL, 10);
    return v;
}

static int literal(parser_t *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return 0;
    ps->p += n;
    return 1;
}

static jval_t *parse_container(parser_t *ps, jval_t *v, int object)
{
    jval_t **tail = &v->first;
    char close = object ? '}' : ']';
    v->type = object ? J_OBJ : J_ARR;
    if (++ps->depth > MAX_DEPTH) return fail_at(ps, "nested too deeply");
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return v;
    }
    for (;;) {
        jval_t *item;
        char *key = NULL;
        skip_ws(ps);
        if (object) {
            jval_t k;
            memset(&k, 0, sizeof k);
            if (ps->p >= ps->end || *ps->p != '"' || parse_string(ps, &k) == NULL) return fail_at(ps, "bad object key");
            free(k.latin1);
            key = k.str;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                return fail_at(ps, "expected ':'");
            }
            ps->p++;
        }
        item = parse_value(ps);
        if (item == NULL) {
            free(key);
            return NULL;
        }
        item->key = key;
        *tail = item;
        tail = &item->next;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            ps->depth--;
            return v;
        }
        return fail_at(ps, "expected ',' or a closing bracket");
    }
}

static jval_t *parse_value(parser_t *ps)
{
    jval_t *v = xcalloc(sizeof *v), *r;
    skip_ws(ps);
    if (ps->p >= ps->end) r = fail_at(ps, "unexpected end");
    else if (*ps->p == '{') r = parse_container(ps, v, 1);
    else if (*ps->p == '[') r = parse_container(ps, v, 0);
    else if (*ps->p == '"') r = parse_string(ps, v);
    else if (literal(ps, "true")) {
        v->type = J_BOOL;
        v->boolean = 1;
        r = v;
    } else if (literal(ps, "false")) {
        v->type = J_BOOL;
        r = v;
    } else if (literal(ps, "null")) {
        v->type = J_NULL;
        r = v;
    } else {
        r = parse_number(ps, v);
    }
    if (r == NULL) json_free(v);
    return r;
}

jval_t *json_parse(const char *text, size_t len, const char **error)
{
    parser_t ps;
    jval_t *v;
    ps.p = text;
    ps.end = text + len;
    ps.error = NULL;
    ps.depth = 0;
    v = parse_value(&ps);
    if (v != NULL) {
        skip_ws(&ps);
        if (ps.p != ps.end) {
            json_free(v);
            v = NULL;
            ps.error = "trailing characters";
        }
    }
    if (v == NULL && error != NULL) *error = ps.error != NULL ? ps.error : "syntax error";
    return v;
}

void json_free(jval_t *v)
{
    while (v != NULL) {
        jval_t *next = v->next;
        json_free(v->first);
        free(v->str);
        free(v->latin1);
        free(v->key);
        free(v);
        v = next;
    }
}

const jval_t *json_get(const jval_t *obj, const char *key)
{
    const jval_t *v;
    if (obj == NULL || obj->type != J_OBJ) return NULL;
    for (v = obj->first; v != NULL; v = v->next) {
        if (strcmp(v->key, key) == 0) return v;
    }
    return NULL;
}

/* ------------------------------------------------------------------ writer */

void jb_init(jbuf_t *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void jb_free(jbuf_t *b)
{
    free(b->data);
    jb_init(b);
}

void jb_reset(jbuf_t *b)
{
    b->len = 0;
}

void jb_raw(jbuf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1) cap *= 2;
        p = realloc(b->data, cap);
        if (p == NULL) {
            fputs("hsx-mbx-adapter: out of memory\n", stderr);
            exit(3);
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void jb_str(jbuf_t *b, const char *s)
{
    jb_raw(b, s, strlen(s));
}

void jb_quoted(jbuf_t *b, const char *s, size_t n)
{
    size_t i;
    jb_raw(b, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            jb_raw(b, esc, 2);
        } else if (c < 0x20 || c >= 0x7F) {
            /* One code point per byte (Latin-1), escaped so the line stays ASCII. */
            sprintf(esc, "\\u%04x", c);
            jb_raw(b, esc, 6);
        } else {
            jb_raw(b, (const char *)&c, 1);
        }
    }
    jb_raw(b, "\"", 1);
}

void jb_u64(jbuf_t *b, uint64_t v)
{
    char tmp[24];
    int n = 0;
    char out[24];
    int i;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    jb_raw(b, out, (size_t)n);
}

void jb_i64(jbuf_t *b, int64_t v)
{
    if (v < 0) {
        jb_raw(b, "-", 1);
        jb_u64(b, (uint64_t)(-(v + 1)) + 1u);
    } else {
        jb_u64(b, (uint64_t)v);
    }
}

void jb_hex(jbuf_t *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    jb_raw(b, "\"", 1);
    for (i = 0; i < n; i++) {
        char two[2];
        two[0] = digits[p[i] >> 4];
        two[1] = digits[p[i] & 15];
        jb_raw(b, two, 2);
    }
    jb_raw(b, "\"", 1);
}

void jb_comma(jbuf_t *b)
{
    if (b->len > 0 && b->data[b->len - 1] != '{' && b->data[b->len - 1] != '[') jb_raw(b, ",", 1);
}

void jb_key(jbuf_t *b, const char *key)
{
    jb_comma(b);
    jb_quoted(b, key, strlen(key));
    jb_raw(b, ":", 1);
}
