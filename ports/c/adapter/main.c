/*
 * main.c: hsx-mbx-adapter, the conformance adapter of the C mailbox manager.
 *
 * It speaks the protocol of spec/conformance.yaml (JSON lines on stdin/stdout; stderr
 * for logs): hello, new, call, end, bye. It declares level mailbox, the profiles it
 * was built with (each a build of the manager under its own symbol prefix; see
 * adapter.h and the Makefile) and the features events, stats and zero_copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "hsx_conformance.h"
#include "hsx_spec.h"
#include "hsx_tables.h"

#ifndef HSX_PORT_VERSION
#define HSX_PORT_VERSION "0.0.0"
#endif

/* The profile builds linked in, as X(symbol); the Makefile may narrow the list. */
#ifndef ADAPTER_PROFILES
#define ADAPTER_PROFILES(X) X(adapter_embedded) X(adapter_cortex_m) X(adapter_desktop)
#endif

#define DECLARE(sym) extern const adapter_profile_t sym;
ADAPTER_PROFILES(DECLARE)
#define ADDRESS(sym) &sym,
static const adapter_profile_t *const PROFILES[] = { ADAPTER_PROFILES(ADDRESS) };
#define NPROFILES (sizeof PROFILES / sizeof PROFILES[0])

typedef struct live {
    unsigned long id;
    const adapter_profile_t *profile;
    void *instance;
    struct live *next;
} live_t;

static live_t *instances;
static unsigned long next_instance = 1;

static void quoted(jbuf_t *b, const char *s)
{
    jb_comma(b);
    jb_quoted(b, s, strlen(s));
}

/* The wire name of the one level this adapter has ("mailbox"). */
static const char *level_mailbox(void)
{
    return hsx_conf_level_wire(HSX_CONF_LEVEL_MAILBOX);
}

static void reply_hello(jbuf_t *b)
{
    size_t i;
    static const unsigned features[] = { HSX_CONF_FEATURE_EVENTS, HSX_CONF_FEATURE_STATS, HSX_CONF_FEATURE_ZERO_COPY };
    jb_str(b, ",\"ok\":{\"implementation\":{\"name\":\"hsx-kit C port\",\"version\":");
    jb_quoted(b, HSX_PORT_VERSION, strlen(HSX_PORT_VERSION));
    jb_str(b, "},\"protocol\":");
    jb_u64(b, HSX_CONF_PROTOCOL_VERSION);
    jb_str(b, ",\"spec_hash\":");
    jb_quoted(b, HSX_SPEC_HASH, strlen(HSX_SPEC_HASH));
    jb_str(b, ",\"levels\":[");
    quoted(b, level_mailbox());
    jb_str(b, "],\"profiles\":[");
    for (i = 0; i < NPROFILES; i++) quoted(b, PROFILES[i]->name);
    jb_str(b, "],\"features\":[");
    for (i = 0; i < sizeof features / sizeof features[0]; i++) quoted(b, hsx_conf_feature_wire(features[i]));
    jb_str(b, "]}");
}

static void reply_error(jbuf_t *b, const char *kind, const char *field, const char *message)
{
    jb_str(b, ",\"");
    jb_str(b, kind);
    jb_str(b, "\":{\"");
    jb_str(b, field);
    jb_str(b, "\":");
    jb_quoted(b, message, strlen(message));
    jb_str(b, "}");
}

static live_t *find_instance(const jval_t *req)
{
    const jval_t *id = json_get(req, "instance");
    live_t *l;
    if (id == NULL || id->type != J_NUM || !id->is_int) return NULL;
    for (l = instances; l != NULL; l = l->next) {
        if ((long long)l->id == id->integer) return l;
    }
    return NULL;
}

static void end_instance(live_t *target)
{
    live_t **link;
    for (link = &instances; *link != NULL; link = &(*link)->next) {
        if (*link == target) {
            *link = target->next;
            target->profile->destroy(target->instance);
            free(target);
            return;
        }
    }
}

/* Handle one request; returns 1 after bye. */
static int handle(const char *line, size_t len, jbuf_t *b)
{
    const char *err = NULL;
    jval_t *req = json_parse(line, len, &err);
    const jval_t *cmd, *seq;
    int done = 0;
    jb_reset(b);
    jb_str(b, "{\"seq\":");
    if (req == NULL || req->type != J_OBJ) {
        jb_str(b, "0");
        reply_error(b, "error", "message", req == NULL ? "request is not JSON" : "request is not an object");
        json_free(req);
        jb_str(b, "}");
        return 0;
    }
    seq = json_get(req, "seq");
    if (seq != NULL && seq->type == J_NUM && seq->is_int) jb_i64(b, seq->integer);
    else jb_str(b, "0");
    cmd = json_get(req, "cmd");
    if (cmd == NULL || cmd->type != J_STR) {
        reply_error(b, "error", "message", "request has no cmd");
    } else if (strcmp(cmd->str, "hello") == 0) {
        reply_hello(b);
    } else if (strcmp(cmd->str, "new") == 0) {
        const jval_t *level = json_get(req, "level"), *profile = json_get(req, "profile");
        const char *want = profile != NULL && profile->type == J_STR ? profile->str : "desktop";
        const adapter_profile_t *p = NULL;
        size_t i;
        for (i = 0; i < NPROFILES; i++) {
            if (strcmp(PROFILES[i]->name, want) == 0) p = PROFILES[i];
        }
        if (level == NULL || level->type != J_STR || strcmp(level->str, level_mailbox()) != 0) {
            reply_error(b, "unsupported", "reason", "the C port has the mailbox level only");
        } else if (p == NULL) {
            reply_error(b, "unsupported", "reason", "this build has no such profile");
        } else {
            live_t *l = malloc(sizeof *l);
            void *inst = p->create();
            if (l == NULL || inst == NULL) {
                free(l);
                reply_error(b, "error", "message", "out of memory for a new instance");
            } else {
                l->id = next_instance++;
                l->profile = p;
                l->instance = inst;
                l->next = instances;
                instances = l;
                jb_str(b, ",\"ok\":{\"instance\":");
                jb_u64(b, l->id);
                jb_str(b, "}");
            }
        }
    } else if (strcmp(cmd->str, "call") == 0) {
        live_t *l = find_instance(req);
        const jval_t *op = json_get(req, "op");
        if (l == NULL) {
            reply_error(b, "error", "message", "no such instance");
        } else if (op == NULL || op->type != J_STR) {
            reply_error(b, "error", "message", "call has no op");
        } else {
            jbuf_t out;
            int r;
            jb_init(&out);
            r = l->profile->call(l->instance, op->str, json_get(req, "args"), &out);
            if (r == ADAPTER_OK) {
                jb_str(b, ",\"ok\":{\"result\":");
                jb_raw(b, out.data, out.len);
                jb_str(b, "}");
            } else if (r == ADAPTER_UNSUPPORTED) {
                reply_error(b, "unsupported", "reason", "not an operation of the mailbox level");
            } else {
                reply_error(b, "error", "message", out.data != NULL ? out.data : "bad arguments");
            }
            jb_free(&out);
        }
    } else if (strcmp(cmd->str, "end") == 0) {
        live_t *l = find_instance(req);
        if (l != NULL) end_instance(l);
        jb_str(b, ",\"ok\":{}");
    } else if (strcmp(cmd->str, "bye") == 0) {
        while (instances != NULL) end_instance(instances);
        jb_str(b, ",\"ok\":{}");
        done = 1;
    } else {
        reply_error(b, "error", "message", "unknown command");
    }
    jb_str(b, "}");
    json_free(req);
    return done;
}

int main(void)
{
    jbuf_t line, reply;
    int c, done = 0;
    jb_init(&line);
    jb_init(&reply);
    while (!done) {
        jb_reset(&line);
        while ((c = getchar()) != EOF && c != '\n') {
            char ch = (char)c;
            jb_raw(&line, &ch, 1);
        }
        if (line.len > 0 && line.data[line.len - 1] == '\r') line.len--;
        if (line.len > 0) {
            size_t i;
            int blank = 1;
            for (i = 0; i < line.len && blank; i++) blank = line.data[i] == ' ' || line.data[i] == '\t';
            if (!blank) {
                done = handle(line.data, line.len, &reply);
                jb_raw(&reply, "\n", 1);
                fwrite(reply.data, 1, reply.len, stdout);
                fflush(stdout);
            }
        }
        if (c == EOF) break;
    }
    while (instances != NULL) end_instance(instances);
    jb_free(&line);
    jb_free(&reply);
    return 0;
}
