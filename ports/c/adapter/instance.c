/*
 * instance.c: the mailbox level of the conformance protocol over the C manager, for
 * the profile this file is compiled with (HSX_PROFILE_<NAME>, HSX_MBX_NS and
 * ADAPTER_PROFILE, the name of the adapter_profile_t it defines).
 *
 * Results have the fields and the null conventions of the reference adapter
 * (conformance/adapters/reference/mailbox.ts); events and completions are collected
 * from the manager's callbacks during the operation.
 */
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "hsx_mbx.h"

#ifndef ADAPTER_PROFILE
#error "define ADAPTER_PROFILE, the name of this profile's adapter_profile_t"
#endif

/* A pending wait the adapter numbers (wait ids are the adapter's, not ABI). */
typedef struct {
    int used;
    uint16_t pid;
    uint32_t wait;
    uint8_t *buf;  /* receive: written when the wait completes; send: its payload */
} pending_t;

typedef struct {
    hsx_mbx_t mgr;
    hsx_mbx_time_t now;
    uint32_t next_wait;
    pending_t pending[HSX_MBX_NPIDS];
    /* Payloads of sends completed during the current operation: a waiting send's
     * payload is read until the call that completes it returns (unless the build
     * stages waiting sends, HSX_MBX_SEND_STAGING=1), as a blocked task's memory is. */
    uint8_t *done[HSX_MBX_NPIDS];
    size_t ndone;
    jbuf_t events, completions;
} instance_t;

/* ------------------------------------------------------------------ names on the wire */

static const char *event_name(uint8_t type)
{
#define EVENT_CASE(name, id) \
    case id: return #name;
    switch (type) {
        HSX_EVENT_LIST(EVENT_CASE)
    default: return "unknown";
    }
#undef EVENT_CASE
}

/* The wire strings of the events' string enums, indexed by the hsx_mbx.h enums built
 * from the same generated lists (hsx_events.h). */
#define WIRE(name, wire) wire,
static const char *const OP_WIRE[] = { HSX_EVENT_MAILBOX_WAIT_OP_LIST(WIRE) };
static const char *const EXHAUSTED_WIRE[] = { HSX_EVENT_MAILBOX_EXHAUSTED_REASON_LIST(WIRE) };
static const char *const OVERRUN_WIRE[] = { HSX_EVENT_MAILBOX_OVERRUN_REASON_LIST(WIRE) };
static const char *const POLICY_WIRE[] = { HSX_EVENT_MAILBOX_BACKPRESSURE_POLICY_LIST(WIRE) };
#undef WIRE

/* The value's wire string; the manager never produces a value outside its enum. */
static const char *wire(const char *const *table, unsigned count, uint8_t v)
{
    return v < count ? table[v] : "unknown";
}

static const char *op_name(uint8_t op)
{
    return wire(OP_WIRE, HSX_MBX_OP_COUNT, op);
}

/* ------------------------------------------------------------------ writers */

static void kv_u(jbuf_t *b, const char *key, uint64_t v)
{
    jb_key(b, key);
    jb_u64(b, v);
}

static void kv_null(jbuf_t *b, const char *key)
{
    jb_key(b, key);
    jb_str(b, "null");
}

static void kv_str(jbuf_t *b, const char *key, const char *s)
{
    jb_key(b, key);
    jb_quoted(b, s, strlen(s));
}

static void kv_bool(jbuf_t *b, const char *key, int v)
{
    jb_key(b, key);
    jb_str(b, v ? "true" : "false");
}

static void on_event(void *ctx, const hsx_mbx_event_t *e)
{
    instance_t *in = ctx;
    jbuf_t *b = &in->events;
    jb_comma(b);
    jb_str(b, "{");
    kv_str(b, "type", event_name(e->type));
    kv_u(b, "pid", e->pid);
    jb_key(b, "data");
    jb_str(b, "{");
    switch (e->type) {
    case HSX_EVENT_MAILBOX_SEND:
    case HSX_EVENT_MAILBOX_RECV:
        kv_u(b, "descriptor", e->u.msg.descriptor);
        kv_u(b, "handle", e->u.msg.handle);
        kv_u(b, "length", e->u.msg.length);
        kv_u(b, "flags", e->u.msg.flags);
        kv_u(b, "channel", e->u.msg.channel);
        kv_u(b, "src_pid", e->u.msg.src_pid);
        break;
    case HSX_EVENT_MAILBOX_WAIT:
        kv_u(b, "descriptor", e->u.wait.descriptor);
        kv_u(b, "handle", e->u.wait.handle);
        kv_str(b, "op", op_name(e->u.wait.op));
        kv_u(b, "timeout", e->u.wait.timeout);
        if (e->u.wait.finite) kv_u(b, "deadline", e->u.wait.deadline);
        else kv_null(b, "deadline");
        break;
    case HSX_EVENT_MAILBOX_WAKE:
    case HSX_EVENT_MAILBOX_TIMEOUT:
        kv_u(b, "descriptor", e->u.wake.descriptor);
        kv_u(b, "handle", e->u.wake.handle);
        kv_str(b, "op", op_name(e->u.wake.op));
        kv_u(b, "status", e->u.wake.status);
        kv_u(b, "length", e->u.wake.length);
        kv_u(b, "flags", e->u.wake.flags);
        kv_u(b, "channel", e->u.wake.channel);
        kv_u(b, "src_pid", e->u.wake.src_pid);
        break;
    case HSX_EVENT_MAILBOX_ERROR:
        kv_u(b, "fn", e->u.error.fn);
        kv_u(b, "status", e->u.error.status);
        if (e->u.error.has_handle) kv_u(b, "handle", e->u.error.handle);
        else kv_null(b, "handle");
        kv_str(b, "detail", e->u.error.detail != NULL ? e->u.error.detail : "");
        break;
    case HSX_EVENT_MAILBOX_OVERRUN:
        kv_u(b, "descriptor", e->u.overrun.descriptor);
        kv_u(b, "handle", e->u.overrun.handle);
        kv_str(b, "reason", wire(OVERRUN_WIRE, HSX_MBX_OVERRUN_COUNT, e->u.overrun.reason));
        kv_u(b, "sender_pid", e->u.overrun.sender_pid);
        kv_u(b, "dropped_seq", e->u.overrun.dropped_seq);
        kv_u(b, "dropped_length", e->u.overrun.dropped_length);
        kv_u(b, "dropped_flags", e->u.overrun.dropped_flags);
        kv_u(b, "channel", e->u.overrun.channel);
        kv_u(b, "queue_depth", e->u.overrun.queue_depth);
        break;
    case HSX_EVENT_MAILBOX_EXHAUSTED:
        kv_str(b, "reason", wire(EXHAUSTED_WIRE, HSX_MBX_REASON_COUNT, e->u.exhausted.reason));
        kv_u(b, "limit", e->u.exhausted.limit);
        kv_u(b, "in_use", e->u.exhausted.in_use);
        if (e->u.exhausted.has_target) kv_str(b, "target", e->u.exhausted.target);
        else kv_null(b, "target");
        break;
    case HSX_EVENT_MAILBOX_BACKPRESSURE:
        kv_u(b, "descriptor", e->u.backpressure.descriptor);
        kv_str(b, "policy", wire(POLICY_WIRE, HSX_MBX_POLICY_COUNT, e->u.backpressure.policy));
        kv_u(b, "capacity", e->u.backpressure.capacity);
        kv_u(b, "bytes_used", e->u.backpressure.bytes_used);
        kv_u(b, "requested", e->u.backpressure.requested);
        if (e->u.backpressure.has_tap) {
            kv_u(b, "tap_pid", e->u.backpressure.tap_pid);
            kv_u(b, "tap_handle", e->u.backpressure.tap_handle);
            kv_u(b, "limit", e->u.backpressure.limit);
        } else {
            kv_null(b, "tap_pid");
            kv_null(b, "tap_handle");
            kv_null(b, "limit");
        }
        break;
    default:
        break;
    }
    jb_str(b, "}}");
}

static pending_t *pending_of(instance_t *in, uint16_t pid)
{
    size_t i;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if (in->pending[i].used && in->pending[i].pid == pid) return &in->pending[i];
    }
    return NULL;
}

static void pending_drop(pending_t *p)
{
    free(p->buf);
    memset(p, 0, sizeof *p);
}

static void on_complete(void *ctx, const hsx_mbx_completion_t *c)
{
    instance_t *in = ctx;
    jbuf_t *b = &in->completions;
    pending_t *p = pending_of(in, c->pid);
    jb_comma(b);
    jb_str(b, "{");
    kv_u(b, "wait", p != NULL ? p->wait : 0);
    kv_u(b, "pid", c->pid);
    kv_u(b, "handle", c->handle);
    kv_str(b, "op", op_name(c->op));
    kv_u(b, "status", c->status);
    kv_u(b, "length", c->length);
    kv_u(b, "flags", c->flags);
    kv_u(b, "channel", c->channel);
    kv_u(b, "src_pid", c->src_pid);
    jb_key(b, "data");
    if (c->op == HSX_MBX_OP_RECV && c->status == HSX_MBX_STATUS_OK && p != NULL && p->buf != NULL) jb_hex(b, p->buf, c->length);
    else jb_str(b, "\"\"");
    jb_str(b, "}");
    if (p != NULL) {
        if (c->op == HSX_MBX_OP_SEND && in->ndone < HSX_MBX_NPIDS) {
            in->done[in->ndone++] = p->buf;
            p->buf = NULL;
        }
        pending_drop(p);
    }
}

static void free_done(instance_t *in)
{
    while (in->ndone > 0) free(in->done[--in->ndone]);
}

static hsx_mbx_time_t clock_of(void *ctx)
{
    return ((instance_t *)ctx)->now;
}

/* ------------------------------------------------------------------ arguments */

static int arg_uint(const jval_t *args, const char *key, unsigned long max, unsigned long *out, jbuf_t *err)
{
    const jval_t *v = json_get(args, key);
    if (v == NULL || v->type != J_NUM || !v->is_int || v->integer < 0 || (unsigned long long)v->integer > max) {
        jb_str(err, "bad arguments: ");
        jb_str(err, key);
        jb_str(err, v == NULL ? " is missing" : " is not an integer in range");
        return 0;
    }
    *out = (unsigned long)v->integer;
    return 1;
}

static int arg_u16(const jval_t *args, const char *key, uint16_t *out, jbuf_t *err)
{
    unsigned long v;
    if (!arg_uint(args, key, 0xFFFFul, &v, err)) return 0;
    *out = (uint16_t)v;
    return 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A hex byte string argument: malloc'd bytes (at least 1 byte allocated) and *n. */
static uint8_t *arg_hex(const jval_t *args, const char *key, size_t *n, jbuf_t *err)
{
    const jval_t *v = json_get(args, key);
    uint8_t *out;
    size_t i;
    if (v == NULL || v->type != J_STR || v->len % 2 != 0) goto bad;
    out = malloc(v->len / 2 + 1);
    if (out == NULL) goto bad;
    for (i = 0; i < v->len / 2; i++) {
        int hi = hexval(v->str[2 * i]), lo = hexval(v->str[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            goto bad;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *n = v->len / 2;
    return out;
bad:
    jb_str(err, "bad arguments: ");
    jb_str(err, key);
    jb_str(err, " is not a hex byte string");
    return NULL;
}

/*
 * A target argument as the bytes the manager reads. The reference refuses a target
 * with a code unit above 0xFF; an empty target is refused at the same point with the
 * same status, so such a string is passed as "".
 */
static int arg_target(const jval_t *args, const char **s, size_t *n, jbuf_t *err)
{
    const jval_t *v = json_get(args, "target");
    if (v == NULL || v->type != J_STR) {
        jb_str(err, "bad arguments: target is not a string");
        return 0;
    }
    if (v->latin1 == NULL) {
        *s = "";
        *n = 0;
    } else {
        *s = v->latin1;
        *n = v->units;
    }
    return 1;
}

/* ------------------------------------------------------------------ results */

static void status_or_null(jbuf_t *b, const char *key, int status)
{
    if (status == HSX_MBX_PENDING) kv_null(b, key);
    else kv_u(b, key, (unsigned)status);
}

static uint32_t start_wait(instance_t *in, uint16_t pid, uint8_t *buf)
{
    size_t i;
    for (i = 0; i < HSX_MBX_NPIDS && in->pending[i].used; i++) {
    }
    /* One wait per pid and every waiting pid has a slot in the manager: always room. */
    if (i == HSX_MBX_NPIDS) abort();
    in->pending[i].used = 1;
    in->pending[i].pid = pid;
    in->pending[i].wait = in->next_wait++;
    in->pending[i].buf = buf;
    return in->pending[i].wait;
}

static void visit_pid_count(void *ctx, uint16_t pid, uint32_t n)
{
    jbuf_t *b = ctx;
    char key[8];
    char *p = key + sizeof key - 1;
    unsigned v = pid;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    kv_u(b, p, n);
}

static void visit_holder(void *ctx, uint16_t pid, uint32_t n)
{
    jbuf_t *b = ctx;
    (void)n;
    jb_comma(b);
    jb_u64(b, pid);
}

static void visit_waiter(void *ctx, uint16_t pid, uint16_t handle, uint8_t op, uint8_t finite, hsx_mbx_time_t deadline)
{
    jbuf_t *b = ctx;
    jb_comma(b);
    jb_str(b, "{");
    kv_u(b, "pid", pid);
    kv_u(b, "handle", handle);
    kv_str(b, "op", op_name(op));
    if (finite) kv_u(b, "deadline", deadline);
    else kv_null(b, "deadline");
    jb_str(b, "}");
}

static void visit_reader(void *ctx, uint16_t pid, uint16_t handle, int64_t last_seq, uint32_t lag)
{
    jbuf_t *b = ctx;
    jb_comma(b);
    jb_str(b, "{");
    kv_u(b, "pid", pid);
    kv_u(b, "handle", handle);
    jb_key(b, "last_seq");
    jb_i64(b, last_seq);
    kv_u(b, "lag", lag);
    jb_str(b, "}");
}

static void visit_tap(void *ctx, uint16_t pid, uint16_t handle, uint32_t depth, uint32_t bytes_used, uint32_t drops)
{
    jbuf_t *b = ctx;
    jb_comma(b);
    jb_str(b, "{");
    kv_u(b, "pid", pid);
    kv_u(b, "handle", handle);
    kv_u(b, "depth", depth);
    kv_u(b, "bytes_used", bytes_used);
    kv_u(b, "drops", drops);
    jb_str(b, "}");
}

static void write_stats(const instance_t *in, jbuf_t *b)
{
    hsx_mbx_stats_t s;
    hsx_mbx_stats(&in->mgr, &s);
    jb_key(b, "stats");
    jb_str(b, "{");
    kv_str(b, "profile", s.profile);
    kv_u(b, "max_descriptors", s.max_descriptors);
    kv_u(b, "active_descriptors", s.active_descriptors);
    kv_u(b, "free_descriptors", s.free_descriptors);
    kv_u(b, "descriptor_high_water", s.descriptor_high_water);
    kv_bool(b, "descriptor_pool_exhausted", s.descriptor_pool_exhausted);
    kv_u(b, "name_pool_bytes", s.name_pool_bytes);
    kv_u(b, "name_bytes_used", s.name_bytes_used);
    kv_u(b, "total_capacity", s.total_capacity);
    kv_u(b, "bytes_used", s.bytes_used);
    kv_u(b, "bytes_available", s.bytes_available);
    kv_u(b, "queue_depth", s.queue_depth);
    kv_u(b, "handles_total", s.handles_total);
    kv_u(b, "max_handles", s.max_handles);
    kv_u(b, "handle_limit_per_pid", s.handle_limit_per_pid);
    jb_key(b, "handles_per_pid");
    jb_str(b, "{");
    hsx_mbx_handles_of(&in->mgr, visit_pid_count, b);
    jb_str(b, "}");
    kv_u(b, "tap_count", s.tap_count);
    kv_u(b, "max_taps", s.max_taps);
    kv_u(b, "tap_rate_limit", s.tap_rate_limit);
    kv_u(b, "tap_queue_depth", s.tap_queue_depth);
    kv_u(b, "tap_drops", s.tap_drops);
    kv_u(b, "waiter_count", s.waiter_count);
    kv_u(b, "zc_buffers", s.zc_buffers);
    kv_u(b, "zc_buffers_free", s.zc_buffers_free);
    kv_u(b, "fanout_descriptors", s.fanout_descriptors);
    jb_key(b, "footprint");
    jb_str(b, "{");
    kv_u(b, "metadata_bytes", s.footprint.metadata_bytes);
    kv_u(b, "ring_bytes_reserved", s.footprint.ring_bytes_reserved);
    kv_u(b, "name_bytes_used", s.footprint.name_bytes_used);
    kv_u(b, "total_bytes", s.footprint.total_bytes);
    kv_u(b, "metadata_budget", s.footprint.metadata_budget);
    kv_u(b, "sram_budget", s.footprint.sram_budget);
    kv_bool(b, "within_budget", s.footprint.within_budget);
    jb_str(b, "}}");
}

static void write_snapshot(const instance_t *in, jbuf_t *b)
{
    hsx_mbx_desc_info_t d;
    uint16_t after = 0;
    jb_key(b, "descriptors");
    jb_str(b, "[");
    while (hsx_mbx_snapshot(&in->mgr, after, &d)) {
        after = d.descriptor_id;
        jb_comma(b);
        jb_str(b, "{");
        kv_u(b, "descriptor_id", d.descriptor_id);
        kv_str(b, "target", d.target);
        kv_u(b, "namespace", d.ns);
        kv_str(b, "name", d.name);
        if (d.has_owner) kv_u(b, "owner_pid", d.owner_pid);
        else kv_null(b, "owner_pid");
        kv_u(b, "capacity", d.capacity);
        kv_u(b, "mode_mask", d.mode_mask);
        kv_u(b, "bytes_used", d.bytes_used);
        kv_u(b, "queue_depth", d.queue_depth);
        kv_u(b, "high_water", d.high_water);
        kv_u(b, "head_seq", d.head_seq);
        kv_u(b, "next_seq", d.next_seq);
        kv_u(b, "handles", d.handles);
        jb_key(b, "holders");
        jb_str(b, "[");
        hsx_mbx_snap_holders(&in->mgr, d.descriptor_id, visit_holder, b);
        jb_str(b, "]");
        jb_key(b, "waiters");
        jb_str(b, "[");
        hsx_mbx_snap_waiters(&in->mgr, d.descriptor_id, visit_waiter, b);
        jb_str(b, "]");
        jb_key(b, "readers");
        jb_str(b, "[");
        hsx_mbx_snap_readers(&in->mgr, d.descriptor_id, visit_reader, b);
        jb_str(b, "]");
        jb_key(b, "taps");
        jb_str(b, "[");
        hsx_mbx_snap_taps(&in->mgr, d.descriptor_id, visit_tap, b);
        jb_str(b, "]}");
    }
    jb_str(b, "]");
}

/* ------------------------------------------------------------------ operations */

#define U16(key, var) \
    if (!arg_u16(args, key, &var, err)) return ADAPTER_ERROR

static int run(instance_t *in, const char *op, const jval_t *args, jbuf_t *out, jbuf_t *err)
{
    hsx_mbx_t *m = &in->mgr;
    uint16_t pid = 0;
    int status;
    static const char *const ops[] = { "mbx.bind", "mbx.open", "mbx.send", "mbx.recv", "mbx.peek", "mbx.tap", "mbx.close", "mbx.task_exit", "mbx.advance", "mbx.stats", "mbx.snapshot", "mbx.zc_acquire", "mbx.zc_write", "mbx.zc_send", "mbx.zc_recv", "mbx.zc_release" };
    size_t i;
    for (i = 0; i < sizeof ops / sizeof ops[0] && strcmp(ops[i], op) != 0; i++) {
    }
    if (i == sizeof ops / sizeof ops[0]) return ADAPTER_UNSUPPORTED;
    if (args == NULL || args->type != J_OBJ) {
        jb_str(err, "bad arguments: not an object");
        return ADAPTER_ERROR;
    }
    if (strcmp(op, "mbx.advance") != 0 && strcmp(op, "mbx.stats") != 0 && strcmp(op, "mbx.snapshot") != 0) U16("pid", pid);
    if (strcmp(op, "mbx.bind") == 0 || strcmp(op, "mbx.open") == 0) {
        const char *t;
        size_t n;
        uint16_t a, b = 0, id;
        int bind = op[4] == 'b';
        if (!arg_target(args, &t, &n, err)) return ADAPTER_ERROR;
        if (bind) {
            U16("capacity", a);
            U16("mode", b);
            status = hsx_mbx_bind(m, pid, t, n, a, b, &id);
        } else {
            U16("flags", a);
            status = hsx_mbx_open(m, pid, t, n, a, &id);
        }
        kv_u(out, "status", (unsigned)status);
        if (status == HSX_MBX_STATUS_OK) kv_u(out, bind ? "descriptor" : "handle", id);
        else kv_null(out, bind ? "descriptor" : "handle");
    } else if (strcmp(op, "mbx.send") == 0) {
        uint16_t h, flags, chan, timeout, sent = 0;
        size_t n;
        uint8_t *data;
        U16("handle", h);
        U16("flags", flags);
        U16("channel", chan);
        U16("timeout", timeout);
        data = arg_hex(args, "data", &n, err);
        if (data == NULL) return ADAPTER_ERROR;
        if (n > 0xFFFF) {
            free(data);
            jb_str(err, "bad arguments: data longer than 65535 bytes");
            return ADAPTER_ERROR;
        }
        status = hsx_mbx_send(m, pid, h, data, (uint16_t)n, flags, chan, timeout, &sent);
        status_or_null(out, "status", status);
        kv_u(out, "sent", sent);
        if (status == HSX_MBX_PENDING) {
            kv_u(out, "wait", start_wait(in, pid, data)); /* kept until the send completes */
        } else {
            kv_null(out, "wait");
            free(data);
        }
    } else if (strcmp(op, "mbx.recv") == 0) {
        uint16_t h, max, timeout;
        uint8_t *buf;
        hsx_mbx_recv_out_t r;
        U16("handle", h);
        U16("max_len", max);
        U16("timeout", timeout);
        buf = malloc((size_t)max + 1);
        if (buf == NULL) abort();
        status = hsx_mbx_recv(m, pid, h, buf, max, timeout, &r);
        status_or_null(out, "status", status);
        kv_u(out, "length", r.length);
        kv_u(out, "flags", r.flags);
        kv_u(out, "channel", r.channel);
        kv_u(out, "src_pid", r.src_pid);
        jb_key(out, "data");
        jb_hex(out, buf, status == HSX_MBX_STATUS_OK ? r.length : 0);
        if (status == HSX_MBX_PENDING) {
            kv_u(out, "wait", start_wait(in, pid, buf));
        } else {
            kv_null(out, "wait");
            free(buf);
        }
    } else if (strcmp(op, "mbx.peek") == 0) {
        uint16_t h;
        hsx_mbx_peek_out_t p;
        U16("handle", h);
        status = hsx_mbx_peek(m, pid, h, &p);
        kv_u(out, "status", (unsigned)status);
        kv_u(out, "depth", p.depth);
        kv_u(out, "bytes_used", p.bytes_used);
        kv_u(out, "next_len", p.next_len);
    } else if (strcmp(op, "mbx.tap") == 0) {
        uint16_t h;
        const jval_t *en = json_get(args, "enable");
        U16("handle", h);
        if (en == NULL || en->type != J_BOOL) {
            jb_str(err, "bad arguments: enable is not a boolean");
            return ADAPTER_ERROR;
        }
        kv_u(out, "status", (unsigned)hsx_mbx_tap(m, pid, h, (uint16_t)en->boolean));
    } else if (strcmp(op, "mbx.close") == 0) {
        uint16_t h;
        U16("handle", h);
        kv_u(out, "status", (unsigned)hsx_mbx_close(m, pid, h));
    } else if (strcmp(op, "mbx.task_exit") == 0) {
        pending_t *p = pending_of(in, pid);
        hsx_mbx_task_exit(m, pid);
        /* Its wait disappeared without a completion. */
        if (p != NULL) pending_drop(p);
    } else if (strcmp(op, "mbx.advance") == 0) {
        unsigned long us;
        if (!arg_uint(args, "us", 0xFFFFFFFFul, &us, err)) return ADAPTER_ERROR;
        in->now += us;
        hsx_mbx_expire(m);
    } else if (strcmp(op, "mbx.stats") == 0) {
        write_stats(in, out);
    } else if (strcmp(op, "mbx.snapshot") == 0) {
        write_snapshot(in, out);
    } else if (strcmp(op, "mbx.zc_acquire") == 0) {
        uint16_t size, id;
        U16("size", size);
        status = hsx_mbx_zc_acquire(m, pid, size, &id);
        kv_u(out, "status", (unsigned)status);
        if (status == HSX_MBX_STATUS_OK) kv_u(out, "buffer", id);
        else kv_null(out, "buffer");
    } else if (strcmp(op, "mbx.zc_write") == 0) {
        uint16_t id;
        size_t n;
        uint8_t *data, *mem;
        U16("buffer", id);
        data = arg_hex(args, "data", &n, err);
        if (data == NULL) return ADAPTER_ERROR;
        mem = hsx_mbx_zc_buffer(m, pid, id);
        /* The harness's stand-in for the task writing its buffer: it must hold it, and the bytes must fit. */
        if (mem == NULL || n > HSX_MBX_ZC_BYTES) {
            status = HSX_MBX_STATUS_INVALID_ARGUMENT;
        } else {
            memcpy(mem, data, n);
            status = HSX_MBX_STATUS_OK;
        }
        free(data);
        kv_u(out, "status", (unsigned)status);
    } else if (strcmp(op, "mbx.zc_send") == 0) {
        uint16_t h, id, len, flags, chan;
        U16("handle", h);
        U16("buffer", id);
        U16("length", len);
        U16("flags", flags);
        U16("channel", chan);
        kv_u(out, "status", (unsigned)hsx_mbx_zc_send(m, pid, h, id, len, flags, chan));
    } else if (strcmp(op, "mbx.zc_recv") == 0) {
        uint16_t h, id;
        hsx_mbx_recv_out_t r;
        U16("handle", h);
        status = hsx_mbx_zc_recv(m, pid, h, &id, &r);
        kv_u(out, "status", (unsigned)status);
        if (status == HSX_MBX_STATUS_OK) kv_u(out, "buffer", id);
        else kv_null(out, "buffer");
        kv_u(out, "length", r.length);
        kv_u(out, "flags", r.flags);
        kv_u(out, "channel", r.channel);
        kv_u(out, "src_pid", r.src_pid);
        jb_key(out, "data");
        if (status == HSX_MBX_STATUS_OK) jb_hex(out, hsx_mbx_zc_buffer(m, pid, id), r.length);
        else jb_str(out, "\"\"");
    } else if (strcmp(op, "mbx.zc_release") == 0) {
        uint16_t id;
        U16("buffer", id);
        kv_u(out, "status", (unsigned)hsx_mbx_zc_release(m, pid, id));
    } else {
        return ADAPTER_UNSUPPORTED;
    }
    return ADAPTER_OK;
}

static int call(void *instance, const char *op, const jval_t *args, jbuf_t *out)
{
    instance_t *in = instance;
    jbuf_t err;
    int r;
    jb_reset(&in->events);
    jb_reset(&in->completions);
    jb_init(&err);
    jb_str(out, "{");
    r = run(in, op, args, out, &err);
    free_done(in);
    if (r != ADAPTER_OK) {
        jb_reset(out);
        if (err.len) jb_raw(out, err.data, err.len);
        jb_free(&err);
        return r;
    }
    jb_free(&err);
    jb_key(out, "events");
    jb_str(out, "[");
    if (in->events.len) jb_raw(out, in->events.data, in->events.len);
    jb_str(out, "]");
    jb_key(out, "completions");
    jb_str(out, "[");
    if (in->completions.len) jb_raw(out, in->completions.data, in->completions.len);
    jb_str(out, "]}");
    return ADAPTER_OK;
}

static void *create(void)
{
    instance_t *in = malloc(sizeof *in);
    hsx_mbx_config_t cfg;
    if (in == NULL) return NULL;
    in->now = 0;
    in->next_wait = 1;
    in->ndone = 0;
    memset(in->pending, 0, sizeof in->pending);
    jb_init(&in->events);
    jb_init(&in->completions);
    cfg.clock = clock_of;
    cfg.on_event = on_event;
    cfg.on_complete = on_complete;
    cfg.ctx = in;
    hsx_mbx_init(&in->mgr, &cfg);
    return in;
}

static void destroy(void *instance)
{
    instance_t *in = instance;
    size_t i;
    if (in == NULL) return;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if (in->pending[i].used) pending_drop(&in->pending[i]);
    }
    jb_free(&in->events);
    jb_free(&in->completions);
    free(in);
}

const adapter_profile_t ADAPTER_PROFILE = { HSX_PROFILE_NAME, create, destroy, call };
