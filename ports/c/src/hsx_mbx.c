/*
 * hsx_mbx.c: the C port of the HSX mailbox manager (spec/mailbox.yaml).
 *
 * It follows the TypeScript reference (src/mailbox/) rule by rule, including the
 * SPEC-GAP decisions of src/mailbox/README.md, so both answer every call alike; each
 * behaviour cites its rule id. Every pool is a static array of hsx_mbx_t; nothing is
 * allocated. See ports/c/README.md for the layout and the budget.
 */
#include "hsx_mbx.h"

#include <limits.h>
#include <string.h>

#include "hsx_tables.h"

#define HDR HSX_MBX_MSG_HEADER_BYTES
#define NIL ((hsx_mbx_ix_t)HSX_MBX_NIL)
#define MAX_ID 0xFFFFu
#define WINDOW_US ((hsx_mbx_time_t)HSX_MBX_TAP_RATE_WINDOW_MS * 1000u)
#define TAP_LIMIT_N HSX_PROFILE_TAP_RATE_LIMIT

/* Offsets within a ring; sums of two offsets must fit. */
typedef unsigned uint_t;
#define NONE UINT_MAX

#define STATIC_ASSERT(cond, name) typedef char hsx_mbx_assert_##name[(cond) ? 1 : -1]
STATIC_ASSERT(2ul * HSX_MBX_MAXCAP + HDR <= UINT_MAX, ring_offsets_fit_unsigned);
STATIC_ASSERT(HSX_MBX_MAXCAP >= HDR + 1, capacity_holds_a_message);
STATIC_ASSERT(HSX_PROFILE_HANDLES_PER_PID <= 255, per_pid_count_fits_u8);
STATIC_ASSERT((HSX_MBX_NAMESPACE_PID | HSX_MBX_NAMESPACE_SVC | HSX_MBX_NAMESPACE_APP | HSX_MBX_NAMESPACE_SHARED) <= 3, namespace_fits_two_bits);
STATIC_ASSERT(sizeof(hsx_mbx_msg_header_t) == HDR, header_size);
STATIC_ASSERT(HSX_PROFILE_TAP_RATE_LIMIT < (hsx_mbx_rate_t)HSX_MBX_TAP_GAP, rate_count_below_gap_bit);

/* A u16 capacity above the profile's max_capacity (never, when that is 0xFFFF). */
#if HSX_MBX_MAXCAP < 0xFFFF
#define CAP_ABOVE_MAX(c) ((c) > HSX_MBX_MAXCAP)
#else
#define CAP_ABOVE_MAX(c) 0
#endif

/* mailbox_error details are for people; -DHSX_MBX_DETAILS=0 leaves them out (flash and, on AVR, RAM). */
#ifndef HSX_MBX_DETAILS
#define HSX_MBX_DETAILS 1
#endif
#if HSX_MBX_DETAILS
#define DETAIL(text) text
#else
#define DETAIL(text) ""
#endif

/* Mode bits BIND accepts (mailbox.rule.BIND: only assigned bits), from the generated list. */
#define X_OR(name, value) | (value)
#define MODE_ASSIGNED (0 HSX_MAILBOX_MODE_LIST(X_OR))

/* hsx_mbx_desc_t.bits */
#define D_NS 0x03u
#define D_OWNER 0x04u
#define D_TAPS 0x08u  /* some handle may be a tap */
#define D_MARK 0x10u  /* touched by task_exit */

/* hsx_mbx_handle_t.flags */
#define H_READ 0x01u
#define H_WRITE 0x02u
#define H_SENT 0x04u    /* sent since its last receive: not a fan-out reader */
#define H_OVERRUN 0x08u /* lost fan-out messages: the next receive carries OVERRUN */

/* hsx_mbx_pid_t.flags */
#define P_USED 0x01u
#define P_SEND 0x02u   /* the pending wait is a send */
#define P_FINITE 0x04u /* the pending wait has a deadline */

/* A parsed target (mailbox.rule.TARGET_PARSE). */
typedef struct {
    uint8_t ns, has_owner, name_len;
    uint16_t owner;
    const char *name;
} target_t;

/* A message header loaded from a ring. */
typedef struct {
    uint16_t len, flags, src, chan;
    uint_t data, next;
} msg_t;

/* ================================================================== small helpers */

static uint_t wrap(uint_t p, uint_t cap)
{
    return p >= cap ? p - cap : p;
}

static hsx_mbx_time_t now_of(const hsx_mbx_t *m)
{
    return m->cfg.clock(m->cfg.ctx);
}

static int fanout_of(const hsx_mbx_desc_t *d)
{
    return (d->mode & HSX_MBX_MODE_FANOUT) != 0;
}

static int block_of(const hsx_mbx_desc_t *d)
{
    return (d->mode & HSX_MBX_MODE_FANOUT_BLOCK) != 0;
}

static uint32_t head_seq(const hsx_mbx_desc_t *d)
{
    return d->next_seq - d->count;
}

static uint_t tail_of(const hsx_mbx_desc_t *d)
{
    return wrap((uint_t)d->head + d->used, d->cap);
}

/* A message of `cost` bytes fits (mailbox.rule.CAPACITY). */
static int fits(uint_t used, uint_t cap, uint_t cost)
{
    return cost <= cap - used;
}

/* A fan-out reader: read access, not a tap, not sending (mailbox.rule.FANOUT_READERS). */
static int is_reader(const hsx_mbx_handle_t *h)
{
    return (h->flags & (H_READ | H_SENT)) == H_READ && h->tap == NIL;
}

static uint16_t pid_of(const hsx_mbx_t *m, const hsx_mbx_handle_t *h)
{
    return m->pids[h->pid].pid;
}

/* ================================================================== rings
 * A ring holds each message as an 8-byte hsx_mbx_msg_header_t (u16 little-endian
 * fields) plus its payload, wrapping anywhere; occupancy is the spec's cost model
 * byte for byte, as in the reference's MessageRing. */

static void ring_put(uint8_t *buf, uint_t cap, uint_t p, const uint8_t *src, uint_t n)
{
    uint_t first = cap - p;
    if (n <= first) {
        memcpy(buf + p, src, n);
    } else {
        memcpy(buf + p, src, first);
        memcpy(buf, src + first, n - first);
    }
}

static void ring_get(const uint8_t *buf, uint_t cap, uint_t p, uint8_t *dst, uint_t n)
{
    uint_t first = cap - p;
    if (n <= first) {
        memcpy(dst, buf + p, n);
    } else {
        memcpy(dst, buf + p, first);
        memcpy(dst + first, buf, n - first);
    }
}

/* Write a message at p (the payload too unless data is NULL); returns the new tail. */
static uint_t ring_push(uint8_t *buf, uint_t cap, uint_t p, uint16_t len, uint16_t flags, uint16_t src, uint16_t chan, const uint8_t *data)
{
    uint8_t tmp[HDR];
    uint8_t *h = p + HDR <= cap ? buf + p : tmp;
    h[0] = (uint8_t)len;
    h[1] = (uint8_t)(len >> 8);
    h[2] = (uint8_t)flags;
    h[3] = (uint8_t)(flags >> 8);
    h[4] = (uint8_t)src;
    h[5] = (uint8_t)(src >> 8);
    h[6] = (uint8_t)chan;
    h[7] = (uint8_t)(chan >> 8);
    if (h == tmp) ring_put(buf, cap, p, tmp, HDR);
    p = wrap(p + HDR, cap);
    if (data != NULL) ring_put(buf, cap, p, data, len);
    return wrap(p + len, cap);
}

static void ring_load(const uint8_t *buf, uint_t cap, uint_t p, msg_t *msg)
{
    uint8_t tmp[HDR];
    const uint8_t *h = buf + p;
    if (p + HDR > cap) {
        ring_get(buf, cap, p, tmp, HDR);
        h = tmp;
    }
    msg->len = (uint16_t)(h[0] | (h[1] << 8));
    msg->flags = (uint16_t)(h[2] | (h[3] << 8));
    msg->src = (uint16_t)(h[4] | (h[5] << 8));
    msg->chan = (uint16_t)(h[6] | (h[7] << 8));
    msg->data = wrap(p + HDR, cap);
    msg->next = wrap(msg->data + msg->len, cap);
}

/* OR bits into the flags of the message at p (a tap gap's OVERRUN). */
static void ring_or_flags(uint8_t *buf, uint_t cap, uint_t p, uint16_t bits)
{
    uint_t q = wrap(p + 2, cap);
    uint_t r = wrap(q + 1, cap);
    buf[q] = (uint8_t)(buf[q] | (uint8_t)bits);
    buf[r] = (uint8_t)(buf[r] | (uint8_t)(bits >> 8));
}

static void reverse(uint8_t *b, uint_t i, uint_t j)
{
    while (i + 1 < j) {
        uint8_t t = b[i];
        b[i++] = b[--j];
        b[j] = t;
    }
}

/* Move the bytes of a ring of capacity cap so that offset k comes first. */
static void rotate(uint8_t *b, uint_t cap, uint_t k)
{
    if (k == 0) return;
    reverse(b, 0, k);
    reverse(b, k, cap);
    reverse(b, 0, cap);
}

/* ================================================================== events */

static void emit(hsx_mbx_t *m, hsx_mbx_event_t *e)
{
    m->cfg.on_event(m->cfg.ctx, e);
}

#define ACTIVE(m) ((m)->cfg.on_event != NULL)

static void ev_msg(hsx_mbx_t *m, uint8_t type, uint16_t pid, uint16_t desc, uint16_t handle, uint16_t len, uint16_t flags, uint16_t chan, uint16_t src)
{
    hsx_mbx_event_t e;
    e.type = type;
    e.pid = pid;
    e.u.msg.descriptor = desc;
    e.u.msg.handle = handle;
    e.u.msg.length = len;
    e.u.msg.flags = flags;
    e.u.msg.channel = chan;
    e.u.msg.src_pid = src;
    emit(m, &e);
}

static void ev_overrun(hsx_mbx_t *m, uint16_t pid, uint16_t desc, uint16_t handle, uint8_t reason, const msg_t *lost, uint32_t seq, uint32_t depth)
{
    hsx_mbx_event_t e;
    e.type = HSX_EVENT_MAILBOX_OVERRUN;
    e.pid = pid;
    e.u.overrun.descriptor = desc;
    e.u.overrun.handle = handle;
    e.u.overrun.reason = reason;
    e.u.overrun.sender_pid = lost->src;
    e.u.overrun.dropped_seq = seq;
    e.u.overrun.dropped_length = lost->len;
    e.u.overrun.dropped_flags = lost->flags;
    e.u.overrun.channel = lost->chan;
    e.u.overrun.queue_depth = depth;
    emit(m, &e);
}

static void ev_backpressure(hsx_mbx_t *m, uint16_t pid, uint16_t desc, uint8_t policy, uint_t cap, uint_t used, uint32_t requested, int has_tap, uint16_t tap_pid, uint16_t tap_handle)
{
    hsx_mbx_event_t e;
    e.type = HSX_EVENT_MAILBOX_BACKPRESSURE;
    e.pid = pid;
    e.u.backpressure.descriptor = desc;
    e.u.backpressure.policy = policy;
    e.u.backpressure.capacity = (uint16_t)cap;
    e.u.backpressure.bytes_used = used;
    e.u.backpressure.requested = requested;
    e.u.backpressure.has_tap = (uint8_t)has_tap;
    e.u.backpressure.tap_pid = tap_pid;
    e.u.backpressure.tap_handle = tap_handle;
    e.u.backpressure.limit = has_tap ? (uint32_t)TAP_LIMIT_N : 0u;
    emit(m, &e);
}

/* mailbox_exhausted (mailbox.rule.QUOTAS); target NULL when the event has none. */
static void ev_exhausted(hsx_mbx_t *m, uint16_t pid, uint8_t reason, uint32_t limit, uint32_t in_use, const char *target)
{
    hsx_mbx_event_t e;
    e.type = HSX_EVENT_MAILBOX_EXHAUSTED;
    e.pid = pid;
    e.u.exhausted.reason = reason;
    e.u.exhausted.limit = limit;
    e.u.exhausted.in_use = in_use;
    e.u.exhausted.has_target = target != NULL;
    e.u.exhausted.target[0] = '\0';
    if (target != NULL) {
        size_t n = strlen(target);
        memcpy(e.u.exhausted.target, target, n + 1);
    }
    emit(m, &e);
}

/* An error status: mailbox_error (mailbox.rule.EVENTS). */
static int fail(hsx_mbx_t *m, uint16_t pid, uint8_t fn, uint16_t status, int has_handle, uint16_t handle, const char *detail)
{
    if (ACTIVE(m)) {
        hsx_mbx_event_t e;
        e.type = HSX_EVENT_MAILBOX_ERROR;
        e.pid = pid;
        e.u.error.fn = fn;
        e.u.error.status = status;
        e.u.error.has_handle = (uint8_t)has_handle;
        e.u.error.handle = has_handle ? handle : 0;
        e.u.error.detail = detail;
        emit(m, &e);
    }
    return status;
}

/* ================================================================== targets */

/* Decimal 0..65535 in s[from, to), or -1; an empty string is not a number. */
static long decimal(const char *s, size_t from, size_t to)
{
    long v = 0;
    if (from >= to) return -1;
    for (; from < to; from++) {
        unsigned char c = (unsigned char)s[from];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
        if (v > 0xFFFFL) return -1;
    }
    return v;
}

static int has_prefix(const char *s, size_t n, const char *prefix, size_t *plen)
{
    size_t k = strlen(prefix);
    if (n < k || memcmp(s, prefix, k) != 0) return 0;
    *plen = k;
    return 1;
}

/*
 * mailbox.rule.TARGET_PARSE, TARGET_OWNER and TARGET_INVALID: 1 and *t, or 0 for
 * INVALID_TARGET. Names point into s.
 */
static int parse_target(const char *s, size_t n, uint16_t caller, target_t *t)
{
    size_t from = 0, at, i;
    long v;
    if (s == NULL || n == 0 || n > HSX_MBX_MAX_TARGET_BYTES) return 0;
    t->name = s;
    t->name_len = 0;
    t->has_owner = 1;
    if (has_prefix(s, n, HSX_MBX_PREFIX_PID, &from)) {
        /* pid: alone is the caller's inbox; pid:N takes a decimal and no suffix. */
        t->ns = HSX_MBX_NAMESPACE_PID;
        if (from == n) {
            t->owner = caller;
            return 1;
        }
        v = decimal(s, from, n);
        if (v < 0) return 0;
        t->owner = (uint16_t)v;
        return 1;
    }
    /* Anything without a known prefix is a bare svc: name. */
    t->ns = HSX_MBX_NAMESPACE_SVC;
    from = 0;
    if (has_prefix(s, n, HSX_MBX_PREFIX_SVC, &from)) {
        t->ns = HSX_MBX_NAMESPACE_SVC;
    } else if (has_prefix(s, n, HSX_MBX_PREFIX_APP, &from)) {
        t->ns = HSX_MBX_NAMESPACE_APP;
    } else if (has_prefix(s, n, HSX_MBX_PREFIX_SHARED, &from)) {
        t->ns = HSX_MBX_NAMESPACE_SHARED;
    }
    for (at = from; at < n && s[at] != '@'; at++) {
    }
    /* A name is 1..MAX_NAME_BYTES bytes of 0x21..0x7E (cut at the first '@'). */
    if (at == from || at - from > HSX_MBX_MAX_NAME_BYTES) return 0;
    for (i = from; i < at; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x21 || c > 0x7E) return 0;
    }
    t->name = s + from;
    t->name_len = (uint8_t)(at - from);
    /* shared: drops anything after '@' and is never owned. */
    if (t->ns == HSX_MBX_NAMESPACE_SHARED) {
        t->has_owner = 0;
        t->owner = 0;
        return 1;
    }
    /* An absent or empty suffix: the caller for svc:, nobody for app:. */
    if (at >= n - 1) {
        t->has_owner = t->ns == HSX_MBX_NAMESPACE_SVC;
        t->owner = t->has_owner ? caller : 0;
        return 1;
    }
    v = decimal(s, at + 1, n);
    if (v < 0) return 0;
    t->owner = (uint16_t)v;
    return 1;
}

static char *put_u16(char *p, uint16_t v)
{
    char tmp[5];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v = (uint16_t)(v / 10);
    } while (v != 0);
    while (n > 0) *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* The canonical target: pid:N, svc:name@N, app:name[@N] or shared:name. */
static void canonical(uint8_t ns, const char *name, uint_t name_len, int has_owner, uint16_t owner, char *out)
{
    char *p = out;
    switch (ns) {
    case HSX_MBX_NAMESPACE_PID:
        p = put_u16(put_str(p, HSX_MBX_PREFIX_PID), owner);
        break;
    case HSX_MBX_NAMESPACE_SVC:
        p = put_str(p, HSX_MBX_PREFIX_SVC);
        break;
    case HSX_MBX_NAMESPACE_APP:
        p = put_str(p, HSX_MBX_PREFIX_APP);
        break;
    default:
        p = put_str(p, HSX_MBX_PREFIX_SHARED);
        break;
    }
    if (ns != HSX_MBX_NAMESPACE_PID) {
        memcpy(p, name, name_len);
        p += name_len;
        if (has_owner && ns != HSX_MBX_NAMESPACE_SHARED) {
            *p++ = '@';
            p = put_u16(p, owner);
        }
    }
    *p = '\0';
}

static const uint8_t *name_bytes(const hsx_mbx_t *m, const hsx_mbx_desc_t *d, uint_t *len)
{
    if ((d->bits & D_NS) == HSX_MBX_NAMESPACE_PID) {
        *len = 0;
        return m->names;
    }
    *len = m->names[d->name];
    return m->names + d->name + 1;
}

/* ================================================================== lookup */

/* The live descriptor a target names (namespace, name, owner), or NIL. */
static hsx_mbx_ix_t lookup(const hsx_mbx_t *m, const target_t *t)
{
    hsx_mbx_ix_t i;
    for (i = 0; i < HSX_MBX_NDESC; i++) {
        const hsx_mbx_desc_t *d = &m->desc[i];
        uint_t len;
        const uint8_t *name;
        if (d->id == 0 || (d->bits & D_NS) != t->ns) continue;
        if (((d->bits & D_OWNER) != 0) != (t->has_owner != 0)) continue;
        if (t->has_owner && d->owner != t->owner) continue;
        name = name_bytes(m, d, &len);
        if (len == t->name_len && memcmp(name, t->name, len) == 0) return i;
    }
    return NIL;
}

static hsx_mbx_ix_t find_desc(const hsx_mbx_t *m, uint16_t id)
{
    hsx_mbx_ix_t i;
    if (id == 0) return NIL;
    for (i = 0; i < HSX_MBX_NDESC; i++) {
        if (m->desc[i].id == id) return i;
    }
    return NIL;
}

static hsx_mbx_ix_t find_pid(hsx_mbx_t *m, uint16_t pid)
{
    hsx_mbx_ix_t i = m->last_pid;
    if (i != NIL && m->pids[i].pid == pid && (m->pids[i].flags & P_USED)) return i;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if ((m->pids[i].flags & P_USED) && m->pids[i].pid == pid) {
            m->last_pid = i;
            return i;
        }
    }
    return NIL;
}

static hsx_mbx_ix_t find_pid_c(const hsx_mbx_t *m, uint16_t pid)
{
    hsx_mbx_ix_t i;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if ((m->pids[i].flags & P_USED) && m->pids[i].pid == pid) return i;
    }
    return NIL;
}

static int holds(const hsx_mbx_desc_t *d, hsx_mbx_ix_t slot)
{
    return (d->holders[slot >> 3] >> (slot & 7)) & 1;
}

static int has_holders(const hsx_mbx_desc_t *d)
{
    uint_t i;
    for (i = 0; i < HSX_MBX_HOLDER_BYTES; i++) {
        if (d->holders[i] != 0) return 1;
    }
    return 0;
}

/* A free pid slot, else one whose pid holds nothing (its handle counter is forgotten), else NIL. */
static hsx_mbx_ix_t pick_slot(const hsx_mbx_t *m)
{
    hsx_mbx_ix_t i, j;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if (!(m->pids[i].flags & P_USED)) return i;
    }
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        const hsx_mbx_pid_t *ps = &m->pids[i];
        int held = 0;
        if (ps->nhandles != 0 || ps->wait != NIL) continue;
        for (j = 0; j < HSX_MBX_NDESC && !held; j++) {
            held = m->desc[j].id != 0 && holds(&m->desc[j], i);
        }
        if (!held) return i;
    }
    return NIL;
}

static void claim_slot(hsx_mbx_t *m, hsx_mbx_ix_t i, uint16_t pid)
{
    hsx_mbx_pid_t *ps = &m->pids[i];
    memset(ps, 0, sizeof *ps);
    ps->pid = pid;
    ps->next_handle = 1;
    ps->handles = NIL;
    ps->wait = NIL;
    ps->wnext = NIL;
    ps->onext = NIL;
    ps->flags = P_USED;
    m->last_pid = i;
}

/* The handle `id` of the pid in slot pix, or NIL. */
static hsx_mbx_ix_t find_handle(const hsx_mbx_t *m, hsx_mbx_ix_t pix, uint16_t id)
{
    hsx_mbx_ix_t h;
    if (pix == NIL || id == 0) return NIL;
    for (h = m->pids[pix].handles; h != NIL; h = m->handle[h].pnext) {
        if (m->handle[h].id == id) return h;
    }
    return NIL;
}

/* ================================================================== zero-copy pins */

/* The buffer pinned by the queued message seq of d, or NIL. */
static hsx_mbx_ix_t pinned_at(const hsx_mbx_t *m, const hsx_mbx_desc_t *d, uint32_t seq)
{
    hsx_mbx_ix_t b;
    for (b = d->pins; b != NIL && m->zc[b].seq <= seq; b = m->zc[b].next) {
        if (m->zc[b].seq == seq) return b;
    }
    return NIL;
}

static void zc_free(hsx_mbx_t *m, hsx_mbx_ix_t b)
{
    hsx_mbx_zc_t *z = &m->zc[b];
    z->id = 0;
    z->pid = 0;
    z->desc = NIL;
    z->next = m->free_zc;
    m->free_zc = b;
    m->zc_free++;
}

/* The message seq left d's queue: its pinned buffer (if any) is unpinned; returned, not freed. */
static hsx_mbx_ix_t unpin(hsx_mbx_t *m, hsx_mbx_desc_t *d, uint32_t seq)
{
    hsx_mbx_ix_t b = d->pins;
    if (b == NIL || m->zc[b].seq != seq) return NIL;
    d->pins = m->zc[b].next;
    m->zc[b].next = NIL;
    m->zc[b].desc = NIL;
    return b;
}

/* ================================================================== descriptors */

static void hold(hsx_mbx_desc_t *d, hsx_mbx_ix_t slot)
{
    d->holders[slot >> 3] = (uint8_t)(d->holders[slot >> 3] | (1u << (slot & 7)));
}

static void unhold(hsx_mbx_desc_t *d, hsx_mbx_ix_t slot)
{
    d->holders[slot >> 3] = (uint8_t)(d->holders[slot >> 3] & ~(1u << (slot & 7)));
}

/* Create the descriptor t names, or return NIL after mailbox_exhausted (mailbox.rule.QUOTAS). */
static hsx_mbx_ix_t create(hsx_mbx_t *m, uint16_t pid, const target_t *t, uint_t cap, uint16_t mode)
{
    uint_t cost = t->ns == HSX_MBX_NAMESPACE_PID ? 0 : (uint_t)t->name_len + 1;
    hsx_mbx_ix_t i;
    hsx_mbx_desc_t *d;
    uint16_t id;
    int reason = -1;
    uint32_t limit = 0, in_use = 0;
    if (m->ndesc >= HSX_MBX_NDESC) {
        reason = HSX_MBX_REASON_DESCRIPTOR_POOL_FULL;
        limit = HSX_MBX_NDESC;
        in_use = m->ndesc;
    } else if ((uint32_t)m->name_used + cost > HSX_MBX_NAME_POOL) {
        reason = HSX_MBX_REASON_NAME_POOL_FULL;
        limit = HSX_MBX_NAME_POOL;
        in_use = m->name_used;
    }
    if (reason >= 0) {
        /* Either sets descriptor_pool_exhausted. */
        m->exhausted = 1;
        if (ACTIVE(m)) {
            char text[HSX_MBX_TARGET_TEXT];
            canonical(t->ns, t->name, t->name_len, t->has_owner, t->owner, text);
            ev_exhausted(m, pid, (uint8_t)reason, limit, in_use, text);
        }
        return NIL;
    }
    /* mailbox.rule.LIFETIME: ids upward from 1, skipping live ones after the wrap. */
    id = m->next_desc_id;
    while (find_desc(m, id) != NIL) id = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    m->next_desc_id = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    for (i = 0; m->desc[i].id != 0; i++) {
    }
    d = &m->desc[i];
    memset(d, 0, sizeof *d);
    d->id = id;
    d->owner = t->has_owner ? t->owner : 0;
    d->cap = (hsx_mbx_off_t)cap;
    d->mode = (uint8_t)mode;
    d->bits = (uint8_t)(t->ns | (t->has_owner ? D_OWNER : 0));
    d->handles = NIL;
    d->wait_head = NIL;
    d->pins = NIL;
    if (cost != 0) {
        d->name = (hsx_mbx_name_t)m->name_used;
        m->names[m->name_used] = t->name_len;
        memcpy(m->names + m->name_used + 1, t->name, t->name_len);
        m->name_used = (uint16_t)(m->name_used + cost);
    }
    m->ndesc++;
    if (m->ndesc > m->desc_high) m->desc_high = m->ndesc;
    return i;
}

/* Free a descriptor nothing keeps alive any more, with its queue and name (mailbox.rule.LIFETIME). */
static int free_if_unused(hsx_mbx_t *m, hsx_mbx_ix_t di)
{
    hsx_mbx_desc_t *d = &m->desc[di];
    hsx_mbx_ix_t i;
    if (d->handles != NIL || has_holders(d)) return 0;
    if ((d->bits & D_NS) != HSX_MBX_NAMESPACE_PID) {
        /* The name pool stays packed: later names move down. */
        uint_t off = d->name, cost = (uint_t)m->names[off] + 1;
        memmove(m->names + off, m->names + off + cost, m->name_used - off - cost);
        m->name_used = (uint16_t)(m->name_used - cost);
        for (i = 0; i < HSX_MBX_NDESC; i++) {
            hsx_mbx_desc_t *o = &m->desc[i];
            if (o->id != 0 && (o->bits & D_NS) != HSX_MBX_NAMESPACE_PID && o->name > off) o->name = (hsx_mbx_name_t)(o->name - cost);
        }
    }
    while (d->pins != NIL) {
        hsx_mbx_ix_t b = d->pins;
        d->pins = m->zc[b].next;
        zc_free(m, b);
    }
    d->id = 0;
    d->bits = 0;
    m->ndesc--;
    return 1;
}

/* ================================================================== fan-out cursors
 * Each handle keeps consumed = last_seq + 1 and, while it is above head_seq, the ring
 * offset of message `consumed`; a handle at or below head_seq reads the head. */

/* Ring offset of the message h would receive next, or NONE. */
static uint_t cursor_offset(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    if (h->u.cur.consumed <= head_seq(d)) return d->count != 0 ? d->head : NONE;
    return h->u.cur.consumed < d->next_seq ? h->u.cur.off : NONE;
}

/* Place h after everything queued, as a newly opened reader (next_seq - 1). */
static void catch_up(const hsx_mbx_desc_t *d, hsx_mbx_handle_t *h)
{
    h->u.cur.consumed = d->next_seq;
    h->u.cur.off = (hsx_mbx_off_t)tail_of(d);
    h->flags &= (uint8_t)~H_OVERRUN;
}

/* Drop the head message, loaded in *msg; its pinned buffer goes back to the pool. */
static void drop_head(hsx_mbx_t *m, hsx_mbx_desc_t *d, const msg_t *msg)
{
    uint32_t seq = head_seq(d);
    d->head = (hsx_mbx_off_t)msg->next;
    d->used = (hsx_mbx_off_t)(d->used - (msg->len + HDR));
    d->count--;
    if (d->pins != NIL) {
        hsx_mbx_ix_t b = unpin(m, d, seq);
        if (b != NIL) zc_free(m, b);
    }
}

/* Pop the head message (its header in *msg). */
static void pop_head(hsx_mbx_t *m, hsx_mbx_desc_t *d, msg_t *msg)
{
    ring_load(m->ring[d - m->desc], d->cap, d->head, msg);
    drop_head(m, d, msg);
}

/*
 * Pop every queued message all readers have consumed (mailbox.rule.FANOUT_RECLAIM).
 * Taps and non-readers do not count; with no reader at all nothing is reclaimed.
 */
static void reclaim(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    uint32_t head, min = 0, n;
    int any = 0;
    hsx_mbx_ix_t i;
    msg_t msg;
    if (d->count == 0) return;
    head = head_seq(d);
    for (i = d->handles; i != NIL; i = m->handle[i].next) {
        const hsx_mbx_handle_t *h = &m->handle[i];
        if (!is_reader(h)) continue;
        if (h->u.cur.consumed <= head) return;
        if (!any || h->u.cur.consumed < min) min = h->u.cur.consumed;
        any = 1;
    }
    if (!any) return;
    n = min - head;
    if (n > d->count) n = d->count;
    while (n-- > 0) pop_head(m, d, &msg);
}

/*
 * Drop the oldest message to make room (mailbox.rule.FANOUT_DROP): each reader that
 * had not consumed it gets a mailbox_overrun and OVERRUN on its next receive.
 */
static void drop_oldest(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    uint32_t seq = head_seq(d);
    hsx_mbx_ix_t i;
    msg_t msg;
    pop_head(m, d, &msg);
    for (i = d->handles; i != NIL; i = m->handle[i].next) {
        hsx_mbx_handle_t *h = &m->handle[i];
        if (!is_reader(h) || h->u.cur.consumed > seq) continue;
        h->flags |= H_OVERRUN;
        if (ACTIVE(m)) ev_overrun(m, pid_of(m, h), d->id, h->id, HSX_MBX_OVERRUN_FANOUT_DROP, &msg, seq, d->count);
    }
}

static void make_room(hsx_mbx_t *m, hsx_mbx_desc_t *d, uint_t cost)
{
    while (!fits(d->used, d->cap, cost)) drop_oldest(m, d);
}

/* ================================================================== taps */

static hsx_mbx_tapn_t tap_count(const hsx_mbx_t *m, const hsx_mbx_tap_t *t, uint_t cap)
{
#if HSX_MBX_MAXCAP > 255
    (void)m;
    (void)cap;
    return t->count;
#else
    const uint8_t *buf = m->tap_ring[t - m->tap];
    uint_t p = t->head, left = t->used;
    hsx_mbx_tapn_t n = 0;
    msg_t msg;
    while (left > 0) {
        ring_load(buf, cap, p, &msg);
        left -= msg.len + HDR;
        p = msg.next;
        n++;
    }
    return n;
#endif
}

/* Consume the oldest copy (header in *msg). */
static void tap_shift(hsx_mbx_t *m, hsx_mbx_tap_t *t, uint_t cap, msg_t *msg)
{
    ring_load(m->tap_ring[t - m->tap], cap, t->head, msg);
    t->head = (hsx_mbx_off_t)msg->next;
    t->used = (hsx_mbx_off_t)(t->used - (msg->len + HDR));
    t->seq_head = (hsx_mbx_tapn_t)(t->seq_head + 1 == HSX_MBX_TAP_SEQS ? 0 : t->seq_head + 1);
#if HSX_MBX_MAXCAP > 255
    t->count--;
#endif
}

/* Evict the oldest copy for lack of room: mailbox_overrun tap_overflow (mailbox.rule.TAP_OVERRUN). */
static void tap_evict(hsx_mbx_t *m, const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h, hsx_mbx_tap_t *t, uint_t cap)
{
    uint32_t seq = m->tap_seq[t - m->tap][t->seq_head];
    msg_t msg;
    tap_shift(m, t, cap, &msg);
    if (ACTIVE(m)) ev_overrun(m, pid_of(m, h), d->id, h->id, HSX_MBX_OVERRUN_TAP_OVERFLOW, &msg, seq, tap_count(m, t, cap));
}

/*
 * Offer a copy of a just-queued message to a tap (mailbox.rule.TAPS, TAP_OVERRUN,
 * TAP_RATE). Returns the copies lost (evictions, or 1 rate-limit drop).
 */
static uint32_t tap_offer(hsx_mbx_t *m, const hsx_mbx_desc_t *d, hsx_mbx_handle_t *h, uint16_t sender, uint32_t seq, const uint8_t *data, uint16_t len, uint16_t flags, uint16_t chan, hsx_mbx_time_t now)
{
    hsx_mbx_tap_t *t = &m->tap[h->tap];
    uint8_t *buf = m->tap_ring[h->tap];
    uint_t cap = d->cap, cost = (uint_t)len + HDR, tail;
    uint32_t lost = 0;
    hsx_mbx_tapn_t n;
    uint16_t stored = flags;
#if TAP_LIMIT_N > 0
    {
        /* mailbox.rule.TAP_RATE: a window opens at the first copy after the previous one ended. */
        hsx_mbx_rate_t wc = (hsx_mbx_rate_t)(t->rate & (hsx_mbx_rate_t)~HSX_MBX_TAP_GAP);
        if (wc == 0 || now - h->u.window >= WINDOW_US) {
            h->u.window = now;
            wc = 0;
        }
        if (wc >= TAP_LIMIT_N) {
            t->drops++;
            t->rate = (hsx_mbx_rate_t)(wc | HSX_MBX_TAP_GAP);
            if (ACTIVE(m)) ev_backpressure(m, sender, d->id, HSX_MBX_POLICY_TAP_RATE_LIMIT, cap, t->used, cost, 1, pid_of(m, h), h->id);
            return 1;
        }
        t->rate = (hsx_mbx_rate_t)((t->rate & HSX_MBX_TAP_GAP) | (wc + 1));
    }
#else
    (void)now;
#endif
    while (!fits(t->used, cap, cost)) {
        tap_evict(m, d, h, t, cap);
        lost++;
    }
    if (lost > 0) {
        t->drops += lost;
        /* The gap lies before the oldest remaining copy, or before this one if none is left. */
        if (t->used > 0) ring_or_flags(buf, cap, t->head, HSX_MBX_FLAG_OVERRUN);
        else stored |= HSX_MBX_FLAG_OVERRUN;
    }
    if (t->rate & HSX_MBX_TAP_GAP) {
        stored |= HSX_MBX_FLAG_OVERRUN;
        t->rate = (hsx_mbx_rate_t)(t->rate & (hsx_mbx_rate_t)~HSX_MBX_TAP_GAP);
    }
    n = tap_count(m, t, cap);
    m->tap_seq[h->tap][(t->seq_head + n) % HSX_MBX_TAP_SEQS] = seq;
    tail = wrap((uint_t)t->head + t->used, cap);
    ring_push(buf, cap, tail, len, stored, sender, chan, data);
    t->used = (hsx_mbx_off_t)(t->used + cost);
#if HSX_MBX_MAXCAP > 255
    t->count++;
#endif
    return lost;
}

/*
 * Follow a descriptor capacity change (SPEC-GAP of the reference: tap buffers keep the
 * descriptor's capacity), evicting the oldest copies that no longer fit.
 */
static void tap_resize(hsx_mbx_t *m, const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h, uint_t old_cap, uint_t cap)
{
    hsx_mbx_tap_t *t = &m->tap[h->tap];
    uint32_t lost = 0;
    while (t->used > cap) {
        tap_evict(m, d, h, t, old_cap);
        lost++;
    }
    if (lost > 0) {
        t->drops += lost;
        m->tap_drops += lost;
        if (t->used > 0) ring_or_flags(m->tap_ring[h->tap], old_cap, t->head, HSX_MBX_FLAG_OVERRUN);
        else t->rate = (hsx_mbx_rate_t)(t->rate | HSX_MBX_TAP_GAP);
    }
    rotate(m->tap_ring[h->tap], old_cap, t->head);
    t->head = 0;
}

static void refresh_tap_bit(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    hsx_mbx_ix_t i;
    d->bits &= (uint8_t)~D_TAPS;
    for (i = d->handles; i != NIL; i = m->handle[i].next) {
        if (m->handle[i].tap != NIL) {
            d->bits |= D_TAPS;
            return;
        }
    }
}

static void drop_tap(hsx_mbx_t *m, hsx_mbx_handle_t *h)
{
    hsx_mbx_ix_t ti = h->tap;
    h->tap = NIL;
    m->tap_used[ti >> 3] = (uint8_t)(m->tap_used[ti >> 3] & ~(1u << (ti & 7)));
    m->ntaps--;
    refresh_tap_bit(m, &m->desc[h->desc]);
}

/* ================================================================== queueing */

static void copy_payload(const hsx_mbx_t *m, const hsx_mbx_desc_t *d, uint32_t seq, const msg_t *msg, uint8_t *dst, uint_t n)
{
    hsx_mbx_ix_t b;
    if (n == 0) return;
    b = d->pins != NIL ? pinned_at(m, d, seq) : NIL;
    if (b != NIL) memcpy(dst, m->zc_mem[b], n);
    else ring_get(m->ring[d - m->desc], d->cap, msg->data, dst, n);
}

/*
 * Queue a message that fits, exactly as a new send: seq, mailbox_send, tap copies
 * (mailbox.rule.EVENT_ORDER). With zc != NIL its payload stays in that buffer.
 */
static void enqueue(hsx_mbx_t *m, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const uint8_t *data, uint16_t len, uint16_t flags, uint16_t chan, hsx_mbx_ix_t zc)
{
    uint32_t seq = d->next_seq++;
    ring_push(m->ring[d - m->desc], d->cap, tail_of(d), len, flags, pid, chan, zc == NIL ? data : NULL);
    d->used = (hsx_mbx_off_t)(d->used + len + HDR);
    d->count++;
    if (d->used > d->high) d->high = d->used;
    if (zc != NIL) {
        /* The buffer belongs to the queue now; pins stay in seq order. */
        hsx_mbx_zc_t *z = &m->zc[zc];
        z->desc = (hsx_mbx_ix_t)(d - m->desc);
        z->seq = seq;
        z->next = NIL;
        if (d->pins == NIL) {
            d->pins = zc;
        } else {
            hsx_mbx_ix_t b = d->pins;
            while (m->zc[b].next != NIL) b = m->zc[b].next;
            m->zc[b].next = zc;
        }
        data = m->zc_mem[zc];
    }
    if (ACTIVE(m)) ev_msg(m, HSX_EVENT_MAILBOX_SEND, pid, d->id, handle, len, flags, chan, pid);
    if (d->bits & D_TAPS) {
        /* mailbox.rule.TAPS: every tap gets a copy, in (pid, handle) order. */
        hsx_mbx_time_t now = TAP_LIMIT_N > 0 ? now_of(m) : 0;
        hsx_mbx_ix_t i;
        for (i = d->handles; i != NIL; i = m->handle[i].next) {
            if (m->handle[i].tap != NIL) m->tap_drops += tap_offer(m, d, &m->handle[i], pid, seq, data, len, flags, chan, now);
        }
    }
}

/*
 * A send succeeded (a hint included): the handle stops being a fan-out reader until it
 * receives a message, which may release what it alone held (mailbox.rule.FANOUT_READERS).
 */
static void sent(hsx_mbx_t *m, hsx_mbx_handle_t *h)
{
    hsx_mbx_desc_t *d = &m->desc[h->desc];
    if (h->flags & H_SENT) return;
    h->flags |= H_SENT;
    if (fanout_of(d) && (h->flags & H_READ) && h->tap == NIL) reclaim(m, d);
}

/* Whether h has something to receive. */
static int has_data(const hsx_mbx_t *m, const hsx_mbx_handle_t *h)
{
    const hsx_mbx_desc_t *d = &m->desc[h->desc];
    if (h->tap != NIL) return m->tap[h->tap].used > 0;
    return fanout_of(d) ? cursor_offset(d, h) != NONE : d->count > 0;
}

/*
 * Take the next message h can receive into dst (mailbox.rule.RECV: min(max, length)
 * bytes, the whole message consumed). Fills *out and returns 1, or returns 0.
 */
static int take(hsx_mbx_t *m, hsx_mbx_handle_t *h, uint8_t *dst, uint_t max, hsx_mbx_recv_out_t *out)
{
    hsx_mbx_desc_t *d = &m->desc[h->desc];
    msg_t msg;
    uint_t n;
    uint16_t extra = 0;
    if ((h->flags & H_SENT) && has_data(m, h)) {
        /* mailbox.rule.FANOUT_READERS: receiving a message makes it a reader again. */
        h->flags &= (uint8_t)~H_SENT;
        if (fanout_of(d) && h->tap == NIL) {
            reclaim(m, d);
            return take(m, h, dst, max, out);
        }
    }
    if (h->tap != NIL) {
        hsx_mbx_tap_t *t = &m->tap[h->tap];
        if (t->used == 0) return 0;
        tap_shift(m, t, d->cap, &msg);
        n = msg.len < max ? msg.len : max;
        if (n != 0) ring_get(m->tap_ring[h->tap], d->cap, msg.data, dst, n);
    } else if (!fanout_of(d)) {
        /* mailbox.rule.SINGLE_READER: any regular reader takes the head. */
        if (d->count == 0) return 0;
        ring_load(m->ring[h->desc], d->cap, d->head, &msg);
        n = msg.len < max ? msg.len : max;
        copy_payload(m, d, head_seq(d), &msg, dst, n);
        drop_head(m, d, &msg);
    } else {
        /* mailbox.rule.FANOUT_READERS: the oldest queued message with seq > last_seq. */
        uint32_t head = head_seq(d), seq;
        uint_t p;
        if (h->u.cur.consumed <= head) {
            if (d->count == 0) return 0;
            p = d->head;
            seq = head;
        } else {
            seq = h->u.cur.consumed;
            if (seq >= d->next_seq) return 0;
            p = h->u.cur.off;
        }
        ring_load(m->ring[h->desc], d->cap, p, &msg);
        n = msg.len < max ? msg.len : max;
        copy_payload(m, d, seq, &msg, dst, n);
        if (h->flags & H_OVERRUN) {
            h->flags &= (uint8_t)~H_OVERRUN;
            extra = HSX_MBX_FLAG_OVERRUN;
        }
        h->u.cur.consumed = seq + 1;
        h->u.cur.off = (hsx_mbx_off_t)msg.next;
        if (seq == head) reclaim(m, d); /* it may have been the last reader holding the head */
    }
    out->length = (uint16_t)n;
    out->flags = (uint16_t)(msg.flags | extra);
    out->channel = msg.chan;
    out->src_pid = msg.src;
    return 1;
}

/* ================================================================== waits */

static hsx_mbx_desc_t *wait_desc(hsx_mbx_t *m, hsx_mbx_ix_t pix)
{
    return &m->desc[m->handle[m->pids[pix].wait].desc];
}

static void list_remove(hsx_mbx_t *m, hsx_mbx_ix_t *head, hsx_mbx_ix_t pix, int order)
{
    hsx_mbx_ix_t *link = head;
    while (*link != NIL && *link != pix) link = order ? &m->pids[*link].onext : &m->pids[*link].wnext;
    if (*link == pix) *link = order ? m->pids[pix].onext : m->pids[pix].wnext;
}

static void list_append(hsx_mbx_t *m, hsx_mbx_ix_t *head, hsx_mbx_ix_t pix, int order)
{
    hsx_mbx_ix_t *link = head;
    while (*link != NIL) link = order ? &m->pids[*link].onext : &m->pids[*link].wnext;
    *link = pix;
    if (order) m->pids[pix].onext = NIL;
    else m->pids[pix].wnext = NIL;
}

static int waiting(const hsx_mbx_t *m, const hsx_mbx_desc_t *d, int send)
{
    hsx_mbx_ix_t w;
    for (w = d->wait_head; w != NIL; w = m->pids[w].wnext) {
        if (((m->pids[w].flags & P_SEND) != 0) == (send != 0)) return 1;
    }
    return 0;
}

/* mailbox.rule.WAIT: join the tail of the descriptor's wait queue; deadline = now + ms. */
static void add_wait(hsx_mbx_t *m, hsx_mbx_ix_t pix, hsx_mbx_ix_t hi, int send, uint16_t timeout)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    hsx_mbx_handle_t *h = &m->handle[hi];
    hsx_mbx_desc_t *d = &m->desc[h->desc];
    ps->wait = hi;
    ps->flags = (uint8_t)((ps->flags & P_USED) | (send ? P_SEND : 0));
    if (timeout != HSX_MBX_TIMEOUT_INFINITE) {
        ps->flags |= P_FINITE;
        ps->deadline = now_of(m) + (hsx_mbx_time_t)timeout * 1000u;
    }
    list_append(m, &d->wait_head, pix, 0);
    list_append(m, &m->order_head, pix, 1);
    m->nwaits++;
    if (ACTIVE(m)) {
        hsx_mbx_event_t e;
        e.type = HSX_EVENT_MAILBOX_WAIT;
        e.pid = ps->pid;
        e.u.wait.descriptor = d->id;
        e.u.wait.handle = h->id;
        e.u.wait.op = (uint8_t)(send ? HSX_MBX_OP_SEND : HSX_MBX_OP_RECV);
        e.u.wait.timeout = timeout;
        e.u.wait.finite = (uint8_t)((ps->flags & P_FINITE) != 0);
        e.u.wait.deadline = ps->deadline;
        emit(m, &e);
    }
}

/* Take a wait out of every queue (completion, timeout or task exit). */
static void unlink_wait(hsx_mbx_t *m, hsx_mbx_ix_t pix)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    list_remove(m, &wait_desc(m, pix)->wait_head, pix, 0);
    list_remove(m, &m->order_head, pix, 1);
    ps->wait = NIL;
    ps->flags &= (uint8_t)~(P_SEND | P_FINITE);
    ps->deadline = 0;
    m->nwaits--;
}

/*
 * Finish a wait: mailbox_wake (or mailbox_timeout), then the mailbox_recv of a
 * completed receive (mailbox.rule.EVENTS), then the completion.
 */
static void complete(hsx_mbx_t *m, hsx_mbx_ix_t pix, uint16_t status, uint16_t len, uint16_t flags, uint16_t chan, uint16_t src)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    hsx_mbx_handle_t *h = &m->handle[ps->wait];
    hsx_mbx_completion_t c;
    c.pid = ps->pid;
    c.handle = h->id;
    c.descriptor = m->desc[h->desc].id;
    c.op = (uint8_t)((ps->flags & P_SEND) ? HSX_MBX_OP_SEND : HSX_MBX_OP_RECV);
    c.status = status;
    c.length = len;
    c.flags = flags;
    c.channel = chan;
    c.src_pid = src;
    unlink_wait(m, pix);
    if (ACTIVE(m)) {
        hsx_mbx_event_t e;
        e.type = status == HSX_MBX_STATUS_TIMEOUT ? HSX_EVENT_MAILBOX_TIMEOUT : HSX_EVENT_MAILBOX_WAKE;
        e.pid = c.pid;
        e.u.wake.descriptor = c.descriptor;
        e.u.wake.handle = c.handle;
        e.u.wake.op = c.op;
        e.u.wake.status = status;
        e.u.wake.length = len;
        e.u.wake.flags = flags;
        e.u.wake.channel = chan;
        e.u.wake.src_pid = src;
        emit(m, &e);
        if (status == HSX_MBX_STATUS_OK && c.op == HSX_MBX_OP_RECV) ev_msg(m, HSX_EVENT_MAILBOX_RECV, c.pid, c.descriptor, c.handle, len, flags, chan, src);
    }
    if (m->cfg.on_complete != NULL) m->cfg.on_complete(m->cfg.ctx, &c);
}

/* Complete a waiting receiver with the next message it can take. */
static void deliver(hsx_mbx_t *m, hsx_mbx_ix_t pix)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    hsx_mbx_recv_out_t r;
    take(m, &m->handle[ps->wait], ps->io.dst, ps->len, &r);
    complete(m, pix, HSX_MBX_STATUS_OK, r.length, r.flags, r.channel, r.src_pid);
}

static void wake_receivers(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    hsx_mbx_ix_t w, next;
    /* Regular receivers first (single-reader: one per message; fan-out: each with a message) ... */
    for (w = d->wait_head; w != NIL; w = next) {
        const hsx_mbx_pid_t *ps = &m->pids[w];
        next = ps->wnext;
        if (!(ps->flags & P_SEND) && m->handle[ps->wait].tap == NIL) {
            if (!fanout_of(d) && d->count == 0) break;
            if (has_data(m, &m->handle[ps->wait])) deliver(m, w);
        }
    }
    /* ... then taps, never ahead of a regular reader. */
    for (w = d->wait_head; w != NIL; w = next) {
        const hsx_mbx_pid_t *ps = &m->pids[w];
        const hsx_mbx_handle_t *h = &m->handle[ps->wait];
        next = ps->wnext;
        if (!(ps->flags & P_SEND) && h->tap != NIL && m->tap[h->tap].used > 0) deliver(m, w);
    }
}

/*
 * Admit the oldest waiting sender if its message fits (FANOUT_DROP makes it fit): it
 * completes with OK and its message is queued as a new send (mailbox.rule.SEND_WAIT).
 */
static int admit(hsx_mbx_t *m, hsx_mbx_desc_t *d, hsx_mbx_ix_t pix)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    hsx_mbx_handle_t *h = &m->handle[ps->wait];
    uint16_t len = ps->len, pid = ps->pid, hid = h->id, flags = ps->wflags, chan = ps->wchan;
    int drop = fanout_of(d) && !block_of(d);
    if (len > (uint_t)d->cap - HDR) {
        /* mailbox.rule.BIND_RECONFIGURE: BIND shrank the capacity below the waiting message. */
        complete(m, pix, HSX_MBX_STATUS_MSG_TOO_LARGE, 0, 0, 0, 0);
        return 1;
    }
    if (!drop && !fits(d->used, d->cap, (uint_t)len + HDR)) return 0;
    complete(m, pix, HSX_MBX_STATUS_OK, len, flags, chan, pid);
    if (drop) make_room(m, d, (uint_t)len + HDR);
    enqueue(m, d, pid, hid, ps->io.src, len, flags, chan, NIL);
    /* A waiting send is a successful send when it is admitted (mailbox.rule.SEND_WAIT). */
    sent(m, h);
    return 1;
}

static hsx_mbx_ix_t first_sender(const hsx_mbx_t *m, const hsx_mbx_desc_t *d)
{
    hsx_mbx_ix_t w;
    for (w = d->wait_head; w != NIL; w = m->pids[w].wnext) {
        if (m->pids[w].flags & P_SEND) return w;
    }
    return NIL;
}

/*
 * mailbox.rule.WAKE_ORDER over one descriptor: waiting regular receivers in FIFO order,
 * then waiting taps, then waiting senders admitted in FIFO order while they fit; again
 * while anything moved.
 */
static void pump(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    for (;;) {
        hsx_mbx_ix_t s;
        if (waiting(m, d, 0)) wake_receivers(m, d);
        s = first_sender(m, d);
        if (s == NIL || !admit(m, d, s)) return;
    }
}

/*
 * mailbox.rule.ZERO_LENGTH: a wake hint completes the first waiting regular receiver
 * (single-reader) or every one (fan-out) with length 0. Taps do not see hints.
 */
static void hint(hsx_mbx_t *m, hsx_mbx_desc_t *d, uint16_t pid, uint16_t flags, uint16_t chan)
{
    hsx_mbx_ix_t w, next;
    for (w = d->wait_head; w != NIL; w = next) {
        const hsx_mbx_pid_t *ps = &m->pids[w];
        next = ps->wnext;
        if (!(ps->flags & P_SEND) && m->handle[ps->wait].tap == NIL) {
            complete(m, w, HSX_MBX_STATUS_OK, 0, flags, chan, pid);
            if (!fanout_of(d)) return;
        }
    }
}

/* Fan-out reclamation after the reader set changed, then hand freed room on. */
static void reclaim_and_pump(hsx_mbx_t *m, hsx_mbx_desc_t *d)
{
    if (fanout_of(d)) reclaim(m, d);
    if (d->wait_head != NIL) pump(m, d);
}

/* ================================================================== handles */

/* Allocate a handle id (upward from 1, skipping open ones) and open the handle (mailbox.rule.CLOSE). */
static hsx_mbx_handle_t *open_handle(hsx_mbx_t *m, hsx_mbx_ix_t pix, hsx_mbx_ix_t di, uint8_t access)
{
    hsx_mbx_pid_t *ps = &m->pids[pix];
    hsx_mbx_desc_t *d = &m->desc[di];
    uint16_t id = ps->next_handle, pid = ps->pid;
    hsx_mbx_ix_t hi = m->free_handle, *link;
    hsx_mbx_handle_t *h = &m->handle[hi];
    while (find_handle(m, pix, id) != NIL) id = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    ps->next_handle = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    m->free_handle = h->next;
    h->id = id;
    h->pid = pix;
    h->desc = di;
    h->tap = NIL;
    h->flags = access;
    catch_up(d, h);
    /* The pid's list in opening order (task exit closes in that order). */
    h->pnext = NIL;
    for (link = &ps->handles; *link != NIL; link = &m->handle[*link].pnext) {
    }
    *link = hi;
    /* The descriptor's list by (pid, handle): the order of per-reader events and taps. */
    for (link = &d->handles; *link != NIL; link = &m->handle[*link].next) {
        const hsx_mbx_handle_t *o = &m->handle[*link];
        uint16_t op = pid_of(m, o);
        if (op > pid || (op == pid && o->id > id)) break;
    }
    h->next = *link;
    *link = hi;
    ps->nhandles++;
    m->nhandles++;
    return h;
}

/* Release a handle and its tap buffer; the caller frees or services the descriptor. */
static void close_handle(hsx_mbx_t *m, hsx_mbx_ix_t hi)
{
    hsx_mbx_handle_t *h = &m->handle[hi];
    hsx_mbx_pid_t *ps = &m->pids[h->pid];
    hsx_mbx_desc_t *d = &m->desc[h->desc];
    hsx_mbx_ix_t *link;
    for (link = &ps->handles; *link != hi; link = &m->handle[*link].pnext) {
    }
    *link = h->pnext;
    for (link = &d->handles; *link != hi; link = &m->handle[*link].next) {
    }
    *link = h->next;
    if (h->tap != NIL) drop_tap(m, h);
    ps->nhandles--;
    m->nhandles--;
    h->id = 0;
    h->next = m->free_handle;
    m->free_handle = hi;
}

/* ================================================================== the calls */

void hsx_mbx_init(hsx_mbx_t *m, const hsx_mbx_config_t *cfg)
{
    hsx_mbx_ix_t i;
    /* Only the bookkeeping: rings, names and buffers are written before they are read. */
    memset(m->desc, 0, sizeof m->desc);
    memset(m->handle, 0, sizeof m->handle);
    memset(m->tap, 0, sizeof m->tap);
    memset(m->pids, 0, sizeof m->pids);
    memset(m->zc, 0, sizeof m->zc);
    m->cfg = *cfg;
    m->tap_drops = 0;
    m->next_desc_id = 1;
    m->next_zc_id = 1;
    m->ndesc = m->desc_high = m->name_used = m->nhandles = m->ntaps = m->nwaits = 0;
    m->zc_free = HSX_MBX_NZC;
    m->exhausted = 0;
    m->order_head = NIL;
    m->last_pid = NIL;
    for (i = 0; i < HSX_MBX_NHANDLES; i++) m->handle[i].next = (hsx_mbx_ix_t)(i + 1 < HSX_MBX_NHANDLES ? i + 1 : NIL);
    m->free_handle = 0;
    memset(m->tap_used, 0, sizeof m->tap_used);
    for (i = 0; i < HSX_MBX_NZC; i++) {
        m->zc[i].desc = NIL;
        m->zc[i].next = (hsx_mbx_ix_t)(i + 1 < HSX_MBX_NZC ? i + 1 : NIL);
    }
    m->free_zc = 0;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        m->pids[i].handles = m->pids[i].wait = m->pids[i].wnext = m->pids[i].onext = NIL;
    }
}

/* OPEN (mailbox.rule.OPEN_CREATES, ACCESS, PID_ISOLATION, QUOTAS, OPEN_ATOMIC). */
int hsx_mbx_open(hsx_mbx_t *m, uint16_t pid, const char *target, size_t target_len, uint16_t flags, uint16_t *handle)
{
    target_t t;
    unsigned access;
    hsx_mbx_ix_t pix, di;
    int claim = 0;
    hsx_mbx_handle_t *h;
    if (handle != NULL) *handle = 0;
    if (!parse_target(target, target_len, pid, &t)) return fail(m, pid, HSX_MBX_FN_OPEN, HSX_MBX_STATUS_INVALID_TARGET, 0, 0, DETAIL("target is malformed"));
    /* mailbox.rule.ACCESS: flags & 3 give the access, 0 meaning RDWR; other bits are ignored. */
    access = flags & HSX_MBX_OPEN_ACCESS_MASK;
    if (t.ns == HSX_MBX_NAMESPACE_PID && t.owner != pid && pid != 0) {
        /* mailbox.rule.PID_ISOLATION: others may only write to pid:N. */
        if (access == 0) access = HSX_MBX_MODE_WRONLY;
        else if (access & HSX_MBX_MODE_RDONLY) return fail(m, pid, HSX_MBX_FN_OPEN, HSX_MBX_STATUS_ACCESS_DENIED, 0, 0, DETAIL("pid: inbox of another task is write-only"));
    }
    if (access == 0) access = HSX_MBX_MODE_RDWR;
    pix = find_pid(m, pid);
    {
        uint_t mine = pix == NIL ? 0 : m->pids[pix].nhandles;
        if (mine >= HSX_PROFILE_HANDLES_PER_PID || m->nhandles >= HSX_MBX_NHANDLES) {
            int pool = mine < HSX_PROFILE_HANDLES_PER_PID;
            if (ACTIVE(m)) {
                if (pool) ev_exhausted(m, pid, HSX_MBX_REASON_HANDLE_POOL_FULL, HSX_MBX_NHANDLES, m->nhandles, NULL);
                else ev_exhausted(m, pid, HSX_MBX_REASON_HANDLE_LIMIT, HSX_PROFILE_HANDLES_PER_PID, mine, NULL);
            }
            return fail(m, pid, HSX_MBX_FN_OPEN, HSX_MBX_STATUS_HANDLE_QUOTA, 0, 0, pool ? DETAIL("handle pool full") : DETAIL("pid handle quota reached"));
        }
    }
    if (pix == NIL) {
        pix = pick_slot(m);
        if (pix == NIL) {
            /* Beyond the spec: more pids than the profile's tasks hold mailbox state (README). */
            if (ACTIVE(m)) ev_exhausted(m, pid, HSX_MBX_REASON_HANDLE_POOL_FULL, HSX_MBX_NPIDS, HSX_MBX_NPIDS, NULL);
            return fail(m, pid, HSX_MBX_FN_OPEN, HSX_MBX_STATUS_HANDLE_QUOTA, 0, 0, DETAIL("pid table full"));
        }
        claim = 1;
    }
    di = lookup(m, &t);
    if (di == NIL) {
        di = create(m, pid, &t, HSX_PROFILE_DEFAULT_CAPACITY, 0);
        if (di == NIL) return fail(m, pid, HSX_MBX_FN_OPEN, HSX_MBX_STATUS_NO_DESCRIPTOR, 0, 0, DETAIL("no descriptor or name bytes left"));
    }
    if (claim) claim_slot(m, pix, pid);
    h = open_handle(m, pix, di, (uint8_t)(((access & HSX_MBX_MODE_RDONLY) ? H_READ : 0) | ((access & HSX_MBX_MODE_WRONLY) ? H_WRITE : 0)));
    /* A new fan-out reader has consumed everything queued, so messages no other reader holds go. */
    if (fanout_of(&m->desc[di]) && is_reader(h)) reclaim_and_pump(m, &m->desc[di]);
    if (handle != NULL) *handle = h->id;
    return HSX_MBX_STATUS_OK;
}

static void reconfigure(hsx_mbx_t *m, hsx_mbx_desc_t *d, uint16_t capacity, uint16_t mode)
{
    int changed = 0;
    hsx_mbx_ix_t i;
    if (capacity != 0 && capacity != d->cap) {
        /* The queue moves to offset 0 and cursors follow; then tap buffers take the new
         * capacity, evicting what no longer fits (mailbox.rule.BIND_RECONFIGURE, TAPS). */
        uint_t old_cap = d->cap, old_head = d->head;
        uint32_t head = head_seq(d);
        rotate(m->ring[d - m->desc], old_cap, old_head);
        d->head = 0;
        d->cap = (hsx_mbx_off_t)capacity;
        for (i = d->handles; i != NIL; i = m->handle[i].next) {
            hsx_mbx_handle_t *h = &m->handle[i];
            if (h->tap != NIL || h->u.cur.consumed <= head) continue;
            h->u.cur.off = (hsx_mbx_off_t)(h->u.cur.consumed >= d->next_seq ? tail_of(d) : (h->u.cur.off + old_cap - old_head) % old_cap);
        }
        for (i = d->handles; i != NIL; i = m->handle[i].next) {
            if (m->handle[i].tap != NIL) tap_resize(m, d, &m->handle[i], old_cap, capacity);
        }
        changed = 1;
    }
    /* Re-binding with the mode it already has changes nothing (R-MBX-REBIND). */
    if (mode != 0 && mode != d->mode) {
        int was = fanout_of(d);
        d->mode = (uint8_t)mode;
        if (!was && fanout_of(d)) {
            /* Turning FANOUT on makes every queued message unread for every reader. */
            uint32_t head = head_seq(d);
            for (i = d->handles; i != NIL; i = m->handle[i].next) {
                hsx_mbx_handle_t *h = &m->handle[i];
                if (h->tap != NIL) continue;
                h->u.cur.consumed = head;
                h->flags &= (uint8_t)~H_OVERRUN;
            }
        }
        changed = 1;
    }
    if (changed) reclaim_and_pump(m, d);
}

/* BIND (mailbox.rule.BIND, BIND_RECONFIGURE, CHECK_ORDER). */
int hsx_mbx_bind(hsx_mbx_t *m, uint16_t pid, const char *target, size_t target_len, uint16_t capacity, uint16_t mode, uint16_t *descriptor)
{
    target_t t;
    hsx_mbx_ix_t pix, di;
    int claim = 0;
    if (descriptor != NULL) *descriptor = 0;
    if (!parse_target(target, target_len, pid, &t)) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_INVALID_TARGET, 0, 0, DETAIL("target is malformed"));
    if (t.ns == HSX_MBX_NAMESPACE_PID && t.owner != pid && pid != 0) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_ACCESS_DENIED, 0, 0, DETAIL("only its task binds a pid: inbox"));
    if (capacity != 0 && (capacity < HDR || CAP_ABOVE_MAX(capacity))) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_INVALID_ARGUMENT, 0, 0, DETAIL("capacity outside 8..max_capacity"));
    if (mode & ~(unsigned)MODE_ASSIGNED) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_INVALID_ARGUMENT, 0, 0, DETAIL("mode has unassigned bits"));
    pix = find_pid(m, pid);
    if (pix == NIL) {
        pix = pick_slot(m);
        if (pix == NIL) {
            /* Beyond the spec: more pids than the profile's tasks hold mailbox state (README). */
            if (ACTIVE(m)) ev_exhausted(m, pid, HSX_MBX_REASON_DESCRIPTOR_POOL_FULL, HSX_MBX_NPIDS, HSX_MBX_NPIDS, NULL);
            return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_NO_DESCRIPTOR, 0, 0, DETAIL("pid table full"));
        }
        claim = 1;
    }
    di = lookup(m, &t);
    if (di == NIL) {
        di = create(m, pid, &t, capacity == 0 ? HSX_PROFILE_DEFAULT_CAPACITY : capacity, mode);
        if (di == NIL) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_NO_DESCRIPTOR, 0, 0, DETAIL("no descriptor or name bytes left"));
        if (claim) claim_slot(m, pix, pid);
        hold(&m->desc[di], pix);
    } else {
        hsx_mbx_desc_t *d = &m->desc[di];
        /* mailbox.rule.BIND_RECONFIGURE: never below bytes_used, never discarding messages. */
        if (capacity != 0 && capacity < d->used) return fail(m, pid, HSX_MBX_FN_BIND, HSX_MBX_STATUS_INVALID_ARGUMENT, 0, 0, DETAIL("capacity below bytes in use"));
        if (claim) claim_slot(m, pix, pid);
        hold(d, pix);
        reconfigure(m, d, capacity, mode);
    }
    if (descriptor != NULL) *descriptor = m->desc[di].id;
    return HSX_MBX_STATUS_OK;
}

/* Find the caller's handle, or NIL after INVALID_HANDLE. */
static hsx_mbx_ix_t caller_handle(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint8_t fn)
{
    hsx_mbx_ix_t hi = find_handle(m, find_pid(m, pid), handle);
    if (hi == NIL) fail(m, pid, fn, HSX_MBX_STATUS_INVALID_HANDLE, 1, handle, DETAIL("handle is not open"));
    return hi;
}

/* The queueing part of SEND and zero-copy send, after the checks. */
static int send_checked(hsx_mbx_t *m, hsx_mbx_ix_t hi, const uint8_t *src, uint16_t length, uint16_t flags, uint16_t channel, uint16_t timeout, hsx_mbx_ix_t zc)
{
    hsx_mbx_handle_t *h = &m->handle[hi];
    hsx_mbx_desc_t *d = &m->desc[h->desc];
    hsx_mbx_ix_t pix = h->pid;
    uint16_t pid = m->pids[pix].pid;
    uint_t cost = (uint_t)length + HDR;
    if (length == 0) {
        /* mailbox.rule.ZERO_LENGTH: a wake hint, never queued. */
        if (ACTIVE(m)) ev_msg(m, HSX_EVENT_MAILBOX_SEND, pid, d->id, h->id, 0, flags, channel, pid);
        if (d->wait_head != NIL) hint(m, d, pid, flags, channel);
        sent(m, h);
        if (d->wait_head != NIL) pump(m, d);
        return HSX_MBX_STATUS_OK;
    }
    if (fanout_of(d) && !block_of(d)) {
        make_room(m, d, cost); /* mailbox.rule.FANOUT_DROP */
    } else if (!fits(d->used, d->cap, cost) || (d->wait_head != NIL && waiting(m, d, 1))) {
        /* Full, or others already wait for room: FIFO admission lets nobody overtake them. */
        hsx_mbx_pid_t *ps = &m->pids[pix];
        if (timeout == HSX_MBX_TIMEOUT_POLL) {
            if (ACTIVE(m)) ev_backpressure(m, pid, d->id, (uint8_t)(fanout_of(d) ? HSX_MBX_POLICY_FANOUT_BLOCK : HSX_MBX_POLICY_SINGLE), d->cap, d->used, cost, 0, 0, 0);
            return HSX_MBX_STATUS_WOULDBLOCK;
        }
        if (ps->wait != NIL) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, h->id, DETAIL("a wait is already pending"));
#if HSX_MBX_SEND_STAGING
        /* Opt-in: the message is copied when the sender calls. */
        if (length != 0) memcpy(m->staging[pix], src, length);
        ps->io.src = m->staging[pix];
#else
        /* mailbox.rule.SEND_WAIT: the caller keeps its bytes until the wait completes,
         * so they are read when the message is admitted. */
        ps->io.src = src;
#endif
        ps->len = length;
        ps->wflags = flags;
        ps->wchan = channel;
        add_wait(m, pix, hi, 1, timeout);
        return HSX_MBX_PENDING;
    }
    enqueue(m, d, pid, h->id, src, length, flags, channel, zc);
    sent(m, h);
    if (d->wait_head != NIL) pump(m, d);
    return HSX_MBX_STATUS_OK;
}

/* SEND (mailbox.rule.CAPACITY, SINGLE_READER, FANOUT_DROP, FANOUT_BLOCK, SEND_WAIT). */
int hsx_mbx_send(hsx_mbx_t *m, uint16_t pid, uint16_t handle, const uint8_t *src, uint16_t length, uint16_t flags, uint16_t channel, uint16_t timeout_ms, uint16_t *sent_out)
{
    hsx_mbx_ix_t hi;
    int status;
    if (sent_out != NULL) *sent_out = 0;
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_SEND);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    if (!(m->handle[hi].flags & H_WRITE)) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_ACCESS_DENIED, 1, handle, DETAIL("handle has no write access"));
    if (src == NULL && length != 0) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, handle, DETAIL("no payload buffer"));
    /* mailbox.rule.CAPACITY: too large whatever the occupancy. */
    if (length > (uint_t)m->desc[m->handle[hi].desc].cap - HDR) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_MSG_TOO_LARGE, 1, handle, DETAIL("length + 8 exceeds the capacity"));
    status = send_checked(m, hi, src, length, flags, channel, timeout_ms, NIL);
    if (status == HSX_MBX_STATUS_OK && sent_out != NULL) *sent_out = length;
    return status;
}

/* RECV (mailbox.rule.RECV, WAIT). */
int hsx_mbx_recv(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint8_t *dst, uint16_t max_len, uint16_t timeout_ms, hsx_mbx_recv_out_t *out)
{
    hsx_mbx_ix_t hi;
    hsx_mbx_handle_t *h;
    hsx_mbx_desc_t *d;
    hsx_mbx_recv_out_t r;
    hsx_mbx_pid_t *ps;
    if (out != NULL) memset(out, 0, sizeof *out);
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_RECV);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    h = &m->handle[hi];
    if (!(h->flags & H_READ)) return fail(m, pid, HSX_MBX_FN_RECV, HSX_MBX_STATUS_ACCESS_DENIED, 1, handle, DETAIL("handle has no read access"));
    if (dst == NULL && max_len != 0) return fail(m, pid, HSX_MBX_FN_RECV, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, handle, DETAIL("no receive buffer"));
    d = &m->desc[h->desc];
    if (take(m, h, dst, max_len, &r)) {
        if (out != NULL) *out = r;
        if (ACTIVE(m)) ev_msg(m, HSX_EVENT_MAILBOX_RECV, pid, d->id, h->id, r.length, r.flags, r.channel, r.src_pid);
        if (d->wait_head != NIL && waiting(m, d, 1)) pump(m, d);
        return HSX_MBX_STATUS_OK;
    }
    if (timeout_ms == HSX_MBX_TIMEOUT_POLL) return HSX_MBX_STATUS_NO_DATA;
    ps = &m->pids[h->pid];
    if (ps->wait != NIL) return fail(m, pid, HSX_MBX_FN_RECV, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, handle, DETAIL("a wait is already pending"));
    ps->io.dst = dst;
    ps->len = max_len;
    add_wait(m, h->pid, hi, 0, timeout_ms);
    return HSX_MBX_PENDING;
}

/* PEEK (mailbox.rule.PEEK). */
int hsx_mbx_peek(hsx_mbx_t *m, uint16_t pid, uint16_t handle, hsx_mbx_peek_out_t *out)
{
    hsx_mbx_ix_t hi;
    const hsx_mbx_handle_t *h;
    const hsx_mbx_desc_t *d;
    const uint8_t *buf;
    uint_t next = NONE, cap;
    hsx_mbx_peek_out_t o;
    if (out != NULL) memset(out, 0, sizeof *out);
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_PEEK);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    h = &m->handle[hi];
    d = &m->desc[h->desc];
    cap = d->cap;
    if (h->tap != NIL) {
        const hsx_mbx_tap_t *t = &m->tap[h->tap];
        buf = m->tap_ring[h->tap];
        o.depth = tap_count(m, t, cap);
        o.bytes_used = t->used;
        if (t->used > 0) next = t->head;
    } else {
        buf = m->ring[h->desc];
        o.depth = d->count;
        o.bytes_used = d->used;
        next = fanout_of(d) ? cursor_offset(d, h) : (d->count != 0 ? d->head : NONE);
    }
    /* A handle without read access would receive nothing. */
    if (!(h->flags & H_READ)) next = NONE;
    o.next_len = 0;
    if (next != NONE) {
        msg_t msg;
        ring_load(buf, cap, next, &msg);
        o.next_len = msg.len;
    }
    if (out != NULL) *out = o;
    return HSX_MBX_STATUS_OK;
}

/* TAP (mailbox.rule.TAPS). */
int hsx_mbx_tap(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t enable)
{
    hsx_mbx_ix_t hi;
    hsx_mbx_handle_t *h;
    hsx_mbx_desc_t *d;
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_TAP);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    h = &m->handle[hi];
    if (!(h->flags & H_READ)) return fail(m, pid, HSX_MBX_FN_TAP, HSX_MBX_STATUS_ACCESS_DENIED, 1, handle, DETAIL("handle has no read access"));
    d = &m->desc[h->desc];
    if ((enable & 1) && h->tap == NIL) {
        int was = is_reader(h);
        hsx_mbx_ix_t ti;
        hsx_mbx_tap_t *t;
        for (ti = 0; ti < HSX_MBX_NTAPS && ((m->tap_used[ti >> 3] >> (ti & 7)) & 1); ti++) {
        }
        if (ti == HSX_MBX_NTAPS) {
            if (ACTIVE(m)) ev_exhausted(m, pid, HSX_MBX_REASON_TAP_POOL_FULL, HSX_MBX_NTAPS, m->ntaps, NULL);
            return fail(m, pid, HSX_MBX_FN_TAP, HSX_MBX_STATUS_TAP_LIMIT, 1, handle, DETAIL("tap pool exhausted"));
        }
        t = &m->tap[ti];
        m->tap_used[ti >> 3] = (uint8_t)(m->tap_used[ti >> 3] | (1u << (ti & 7)));
        memset(t, 0, sizeof *t);
        h->tap = ti;
        h->flags &= (uint8_t)~H_OVERRUN;
        d->bits |= D_TAPS;
        m->ntaps++;
        /* It stops being a reader and so stops holding fan-out messages. */
        if (fanout_of(d) && was) reclaim_and_pump(m, d);
    } else if (!(enable & 1) && h->tap != NIL) {
        /* A regular handle again, a fan-out reader from next_seq - 1 (mailbox.rule.TAPS). */
        drop_tap(m, h);
        h->flags &= (uint8_t)~H_SENT;
        catch_up(d, h);
        reclaim_and_pump(m, d);
    }
    return HSX_MBX_STATUS_OK;
}

/* CLOSE (mailbox.rule.CLOSE, WAIT_END, LIFETIME). */
int hsx_mbx_close(hsx_mbx_t *m, uint16_t pid, uint16_t handle)
{
    hsx_mbx_ix_t hi, pix;
    hsx_mbx_desc_t *d;
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_CLOSE);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    pix = m->handle[hi].pid;
    /* A wait pending on the handle completes with INVALID_HANDLE (mailbox.rule.WAIT_END). */
    if (m->pids[pix].wait == hi) complete(m, pix, HSX_MBX_STATUS_INVALID_HANDLE, 0, 0, 0, 0);
    d = &m->desc[m->handle[hi].desc];
    close_handle(m, hi);
    if (!free_if_unused(m, (hsx_mbx_ix_t)(d - m->desc))) reclaim_and_pump(m, d);
    return HSX_MBX_STATUS_OK;
}

/* A task ended (mailbox.rule.TASK_EXIT, ZERO_COPY); never fails. */
void hsx_mbx_task_exit(hsx_mbx_t *m, uint16_t pid)
{
    hsx_mbx_ix_t pix, i;
    hsx_mbx_pid_t *ps;
    /* Every zero-copy buffer the pid holds goes back to the pool. */
    if (m->zc_free != HSX_MBX_NZC) {
        for (i = 0; i < HSX_MBX_NZC; i++) {
            if (m->zc[i].id != 0 && m->zc[i].desc == NIL && m->zc[i].pid == pid) zc_free(m, i);
        }
    }
    pix = find_pid(m, pid);
    if (pix == NIL) return;
    ps = &m->pids[pix];
    if (ps->wait != NIL) unlink_wait(m, pix);
    while (ps->handles != NIL) {
        hsx_mbx_ix_t hi = ps->handles;
        m->desc[m->handle[hi].desc].bits |= D_MARK;
        close_handle(m, hi);
    }
    for (i = 0; i < HSX_MBX_NDESC; i++) {
        hsx_mbx_desc_t *d = &m->desc[i];
        if (d->id != 0 && holds(d, pix)) {
            unhold(d, pix);
            d->bits |= D_MARK;
        }
    }
    /* The pid's handle counter lives on (mailbox.rule.CLOSE). Touched descriptors in id order. */
    for (;;) {
        hsx_mbx_ix_t best = NIL;
        for (i = 0; i < HSX_MBX_NDESC; i++) {
            const hsx_mbx_desc_t *d = &m->desc[i];
            if (d->id != 0 && (d->bits & D_MARK) && (best == NIL || d->id < m->desc[best].id)) best = i;
        }
        if (best == NIL) break;
        m->desc[best].bits &= (uint8_t)~D_MARK;
        if (!free_if_unused(m, best)) reclaim_and_pump(m, &m->desc[best]);
    }
}

/* The finite wait to expire first (deadline, then the order waits started), or NIL. */
static hsx_mbx_ix_t earliest(const hsx_mbx_t *m)
{
    hsx_mbx_ix_t w, best = NIL;
    for (w = m->order_head; w != NIL; w = m->pids[w].onext) {
        if ((m->pids[w].flags & P_FINITE) && (best == NIL || m->pids[w].deadline < m->pids[best].deadline)) best = w;
    }
    return best;
}

/* mailbox.rule.TIMEOUT_EXPIRY for every wait whose deadline has come. */
unsigned hsx_mbx_expire(hsx_mbx_t *m)
{
    unsigned n = 0;
    hsx_mbx_time_t now;
    if (m->nwaits == 0) return 0;
    now = now_of(m);
    for (;;) {
        hsx_mbx_ix_t w = earliest(m);
        hsx_mbx_desc_t *d;
        int sender;
        if (w == NIL || m->pids[w].deadline > now) return n;
        d = wait_desc(m, w);
        sender = (m->pids[w].flags & P_SEND) != 0;
        complete(m, w, HSX_MBX_STATUS_TIMEOUT, 0, 0, 0, 0);
        n++;
        /* A sender that leaves the head of the queue may let the next one in. */
        if (sender) pump(m, d);
    }
}

int hsx_mbx_next_deadline(const hsx_mbx_t *m, hsx_mbx_time_t *deadline)
{
    hsx_mbx_ix_t w = earliest(m);
    if (w == NIL) return 0;
    if (deadline != NULL) *deadline = m->pids[w].deadline;
    return 1;
}

int hsx_mbx_wait_of(const hsx_mbx_t *m, uint16_t pid, hsx_mbx_wait_info_t *info)
{
    hsx_mbx_ix_t pix = find_pid_c(m, pid);
    const hsx_mbx_pid_t *ps;
    const hsx_mbx_handle_t *h;
    if (pix == NIL || m->pids[pix].wait == NIL) return 0;
    ps = &m->pids[pix];
    h = &m->handle[ps->wait];
    if (info != NULL) {
        info->pid = pid;
        info->handle = h->id;
        info->descriptor = m->desc[h->desc].id;
        info->op = (uint8_t)((ps->flags & P_SEND) ? HSX_MBX_OP_SEND : HSX_MBX_OP_RECV);
        info->finite = (uint8_t)((ps->flags & P_FINITE) != 0);
        info->deadline = ps->deadline;
    }
    return 1;
}

/* ================================================================== zero-copy calls */

/* The buffer `id` if pid holds it, else NIL. */
static hsx_mbx_ix_t held(const hsx_mbx_t *m, uint16_t pid, uint16_t id)
{
    hsx_mbx_ix_t i;
    if (id == 0) return NIL;
    for (i = 0; i < HSX_MBX_NZC; i++) {
        const hsx_mbx_zc_t *z = &m->zc[i];
        if (z->id == id) return z->desc == NIL && z->pid == pid ? i : NIL;
    }
    return NIL;
}

/* A free buffer for pid (zeroed, with a fresh id), or NIL after mailbox_exhausted. */
static hsx_mbx_ix_t zc_take(hsx_mbx_t *m, uint16_t pid)
{
    hsx_mbx_ix_t b = m->free_zc, i;
    uint16_t id;
    int used;
    if (b == NIL) {
        if (ACTIVE(m)) ev_exhausted(m, pid, HSX_MBX_REASON_BUFFER_POOL_FULL, HSX_MBX_NZC, HSX_MBX_NZC, NULL);
        return NIL;
    }
    m->free_zc = m->zc[b].next;
    m->zc_free--;
    /* Ids count upward from 1 and skip ids in use until the 16-bit space wraps. */
    id = m->next_zc_id;
    do {
        used = 0;
        for (i = 0; i < HSX_MBX_NZC && !used; i++) used = m->zc[i].id == id;
        if (used) id = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    } while (used);
    m->next_zc_id = (uint16_t)(id == MAX_ID ? 1 : id + 1);
    m->zc[b].id = id;
    m->zc[b].pid = pid;
    m->zc[b].desc = NIL;
    m->zc[b].next = NIL;
    memset(m->zc_mem[b], 0, HSX_MBX_ZC_BYTES);
    return b;
}

int hsx_mbx_zc_acquire(hsx_mbx_t *m, uint16_t pid, uint16_t size, uint16_t *buffer)
{
    hsx_mbx_ix_t b;
    if (buffer != NULL) *buffer = 0;
    if (size > HSX_MBX_ZC_BYTES) return fail(m, pid, HSX_MBX_FN_NONE, HSX_MBX_STATUS_INVALID_ARGUMENT, 0, 0, DETAIL("size exceeds zc_buffer_bytes"));
    b = zc_take(m, pid);
    if (b == NIL) return fail(m, pid, HSX_MBX_FN_NONE, HSX_MBX_STATUS_NO_BUFFER, 0, 0, DETAIL("buffer pool exhausted"));
    if (buffer != NULL) *buffer = m->zc[b].id;
    return HSX_MBX_STATUS_OK;
}

uint8_t *hsx_mbx_zc_buffer(hsx_mbx_t *m, uint16_t pid, uint16_t buffer)
{
    hsx_mbx_ix_t b = held(m, pid, buffer);
    return b == NIL ? NULL : m->zc_mem[b];
}

/* Zero-copy send: checked and queued exactly as a SEND with timeout 0 (mailbox.rule.ZERO_COPY). */
int hsx_mbx_zc_send(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t buffer, uint16_t length, uint16_t flags, uint16_t channel)
{
    hsx_mbx_ix_t hi, b;
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_SEND);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    if (!(m->handle[hi].flags & H_WRITE)) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_ACCESS_DENIED, 1, handle, DETAIL("handle has no write access"));
    b = held(m, pid, buffer);
    if (b == NIL) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, handle, DETAIL("buffer is not held by the caller"));
    if (length > HSX_MBX_ZC_BYTES) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_INVALID_ARGUMENT, 1, handle, DETAIL("length exceeds the buffer"));
    if (length > (uint_t)m->desc[m->handle[hi].desc].cap - HDR) return fail(m, pid, HSX_MBX_FN_SEND, HSX_MBX_STATUS_MSG_TOO_LARGE, 1, handle, DETAIL("length + 8 exceeds the capacity"));
    if (length == 0) {
        /* A hint is never queued, so no reader holds the buffer: it goes back to the
         * pool at once, as in the reference (its SPEC-GAP). */
        int status = send_checked(m, hi, NULL, 0, flags, channel, HSX_MBX_TIMEOUT_POLL, NIL);
        zc_free(m, b);
        return status;
    }
    return send_checked(m, hi, m->zc_mem[b], length, flags, channel, HSX_MBX_TIMEOUT_POLL, b);
}

/* Zero-copy receive: the next message as a RECV with timeout 0 takes it (mailbox.rule.ZERO_COPY). */
int hsx_mbx_zc_recv(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t *buffer, hsx_mbx_recv_out_t *out)
{
    hsx_mbx_ix_t hi, b;
    hsx_mbx_handle_t *h;
    hsx_mbx_desc_t *d;
    hsx_mbx_recv_out_t r;
    if (buffer != NULL) *buffer = 0;
    if (out != NULL) memset(out, 0, sizeof *out);
    hi = caller_handle(m, pid, handle, HSX_MBX_FN_RECV);
    if (hi == NIL) return HSX_MBX_STATUS_INVALID_HANDLE;
    h = &m->handle[hi];
    if (!(h->flags & H_READ)) return fail(m, pid, HSX_MBX_FN_RECV, HSX_MBX_STATUS_ACCESS_DENIED, 1, handle, DETAIL("handle has no read access"));
    d = &m->desc[h->desc];
    if (!has_data(m, h)) return HSX_MBX_STATUS_NO_DATA;
    if (h->tap == NIL && !fanout_of(d) && d->pins != NIL && m->zc[d->pins].seq == head_seq(d)) {
        /* Single-reader and sent from a buffer: the buffer itself changes hands. */
        msg_t msg;
        h->flags &= (uint8_t)~H_SENT;
        b = unpin(m, d, head_seq(d));
        pop_head(m, d, &msg);
        m->zc[b].pid = pid;
        r.length = msg.len;
        r.flags = msg.flags;
        r.channel = msg.chan;
        r.src_pid = msg.src;
    } else {
        b = zc_take(m, pid);
        if (b == NIL) return fail(m, pid, HSX_MBX_FN_RECV, HSX_MBX_STATUS_NO_BUFFER, 1, handle, DETAIL("buffer pool exhausted"));
        take(m, h, m->zc_mem[b], HSX_MBX_ZC_BYTES, &r);
    }
    if (buffer != NULL) *buffer = m->zc[b].id;
    if (out != NULL) *out = r;
    if (ACTIVE(m)) ev_msg(m, HSX_EVENT_MAILBOX_RECV, pid, d->id, h->id, r.length, r.flags, r.channel, r.src_pid);
    if (d->wait_head != NIL && waiting(m, d, 1)) pump(m, d);
    return HSX_MBX_STATUS_OK;
}

int hsx_mbx_zc_release(hsx_mbx_t *m, uint16_t pid, uint16_t buffer)
{
    hsx_mbx_ix_t b = held(m, pid, buffer);
    if (b == NIL) return fail(m, pid, HSX_MBX_FN_NONE, HSX_MBX_STATUS_INVALID_ARGUMENT, 0, 0, DETAIL("buffer is not held by the caller"));
    zc_free(m, b);
    return HSX_MBX_STATUS_OK;
}

/* ================================================================== monitoring */

void hsx_mbx_stats(const hsx_mbx_t *m, hsx_mbx_stats_t *s)
{
    hsx_mbx_ix_t i;
    uint32_t taps_bytes = 0;
    memset(s, 0, sizeof *s);
    s->profile = HSX_PROFILE_NAME;
    for (i = 0; i < HSX_MBX_NDESC; i++) {
        const hsx_mbx_desc_t *d = &m->desc[i];
        hsx_mbx_ix_t j;
        if (d->id == 0) continue;
        s->total_capacity += d->cap;
        s->bytes_used += d->used;
        s->queue_depth += d->count;
        if (fanout_of(d)) s->fanout_descriptors++;
        for (j = d->handles; j != NIL; j = m->handle[j].next) {
            const hsx_mbx_handle_t *h = &m->handle[j];
            if (h->tap == NIL) continue;
            s->tap_queue_depth += tap_count(m, &m->tap[h->tap], d->cap);
            taps_bytes += d->cap;
        }
    }
    s->max_descriptors = HSX_MBX_NDESC;
    s->active_descriptors = m->ndesc;
    s->free_descriptors = HSX_MBX_NDESC - m->ndesc;
    s->descriptor_high_water = m->desc_high;
    s->descriptor_pool_exhausted = m->exhausted;
    s->name_pool_bytes = HSX_MBX_NAME_POOL;
    s->name_bytes_used = m->name_used;
    s->bytes_available = s->total_capacity - s->bytes_used;
    s->handles_total = m->nhandles;
    s->max_handles = HSX_MBX_NHANDLES;
    s->handle_limit_per_pid = HSX_PROFILE_HANDLES_PER_PID;
    s->tap_count = m->ntaps;
    s->max_taps = HSX_MBX_NTAPS;
    s->tap_rate_limit = TAP_LIMIT_N;
    s->tap_drops = m->tap_drops;
    s->waiter_count = m->nwaits;
    s->zc_buffers = HSX_MBX_NZC;
    s->zc_buffers_free = m->zc_free;
    /* The formula's static rings are replaced by the capacities reserved (reference SPEC-GAP 6). */
    s->footprint.metadata_bytes = HSX_PROFILE_FOOTPRINT_METADATA_BYTES;
    s->footprint.ring_bytes_reserved = s->total_capacity + taps_bytes;
    s->footprint.name_bytes_used = m->name_used;
    /* The formula's buffers term (zc_buffers * zc_buffer_bytes): the pool is static. */
    s->footprint.total_bytes = s->footprint.metadata_bytes + s->footprint.ring_bytes_reserved + (uint32_t)HSX_MBX_NZC * HSX_MBX_ZC_BYTES + HSX_MBX_NAME_POOL;
    s->footprint.metadata_budget = HSX_PROFILE_BUDGET_METADATA_BYTES;
    s->footprint.sram_budget = HSX_PROFILE_BUDGET_SRAM_BYTES;
    s->footprint.within_budget = s->footprint.metadata_bytes <= s->footprint.metadata_budget && s->footprint.total_bytes <= s->footprint.sram_budget;
}

void hsx_mbx_handles_of(const hsx_mbx_t *m, hsx_mbx_pid_visit visit, void *ctx)
{
    hsx_mbx_ix_t i;
    for (i = 0; i < HSX_MBX_NPIDS; i++) {
        if ((m->pids[i].flags & P_USED) && m->pids[i].nhandles > 0) visit(ctx, m->pids[i].pid, m->pids[i].nhandles);
    }
}

int hsx_mbx_snapshot(const hsx_mbx_t *m, uint16_t after_id, hsx_mbx_desc_info_t *out)
{
    hsx_mbx_ix_t i, best = NIL, j;
    const hsx_mbx_desc_t *d;
    const uint8_t *name;
    uint_t len;
    for (i = 0; i < HSX_MBX_NDESC; i++) {
        uint16_t id = m->desc[i].id;
        if (id > after_id && (best == NIL || id < m->desc[best].id)) best = i;
    }
    if (best == NIL) return 0;
    d = &m->desc[best];
    name = name_bytes(m, d, &len);
    memset(out, 0, sizeof *out);
    out->descriptor_id = d->id;
    out->ns = (uint8_t)(d->bits & D_NS);
    memcpy(out->name, name, len);
    out->name[len] = '\0';
    out->has_owner = (uint8_t)((d->bits & D_OWNER) != 0);
    out->owner_pid = d->owner;
    canonical(out->ns, (const char *)name, len, out->has_owner, d->owner, out->target);
    out->capacity = d->cap;
    out->mode_mask = d->mode;
    out->bytes_used = d->used;
    out->queue_depth = d->count;
    out->high_water = d->high;
    out->head_seq = head_seq(d);
    out->next_seq = d->next_seq;
    for (j = d->handles; j != NIL; j = m->handle[j].next) out->handles++;
    return 1;
}

void hsx_mbx_snap_holders(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_pid_visit visit, void *ctx)
{
    hsx_mbx_ix_t di = find_desc(m, descriptor), i;
    long last = -1;
    if (di == NIL) return;
    /* Ascending pids. */
    for (;;) {
        long best = 0x10000L;
        for (i = 0; i < HSX_MBX_NPIDS; i++) {
            long pid = m->pids[i].pid;
            if (holds(&m->desc[di], i) && pid > last && pid < best) best = pid;
        }
        if (best == 0x10000L) return;
        visit(ctx, (uint16_t)best, 1);
        last = best;
    }
}

void hsx_mbx_snap_waiters(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_waiter_visit visit, void *ctx)
{
    hsx_mbx_ix_t di = find_desc(m, descriptor), w;
    if (di == NIL) return;
    for (w = m->desc[di].wait_head; w != NIL; w = m->pids[w].wnext) {
        const hsx_mbx_pid_t *ps = &m->pids[w];
        visit(ctx, ps->pid, m->handle[ps->wait].id, (uint8_t)((ps->flags & P_SEND) ? HSX_MBX_OP_SEND : HSX_MBX_OP_RECV), (uint8_t)((ps->flags & P_FINITE) != 0), ps->deadline);
    }
}

void hsx_mbx_snap_readers(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_reader_visit visit, void *ctx)
{
    hsx_mbx_ix_t di = find_desc(m, descriptor), i;
    const hsx_mbx_desc_t *d;
    uint32_t head;
    if (di == NIL) return;
    d = &m->desc[di];
    /* Readers (and cursors) exist only with FANOUT (reference SPEC-GAP 7). */
    if (!fanout_of(d)) return;
    head = head_seq(d);
    for (i = d->handles; i != NIL; i = m->handle[i].next) {
        const hsx_mbx_handle_t *h = &m->handle[i];
        uint32_t c;
        if (!is_reader(h)) continue;
        c = h->u.cur.consumed > head ? h->u.cur.consumed : head;
        visit(ctx, pid_of(m, h), h->id, (int64_t)h->u.cur.consumed - 1, d->next_seq - c);
    }
}

void hsx_mbx_snap_taps(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_tap_visit visit, void *ctx)
{
    hsx_mbx_ix_t di = find_desc(m, descriptor), i;
    const hsx_mbx_desc_t *d;
    if (di == NIL) return;
    d = &m->desc[di];
    for (i = d->handles; i != NIL; i = m->handle[i].next) {
        const hsx_mbx_handle_t *h = &m->handle[i];
        const hsx_mbx_tap_t *t;
        if (h->tap == NIL) continue;
        t = &m->tap[h->tap];
        visit(ctx, pid_of(m, h), h->id, tap_count(m, t, d->cap), t->used, t->drops);
    }
}

void hsx_mbx_sizes(hsx_mbx_sizes_t *out)
{
    out->manager = (uint32_t)sizeof(hsx_mbx_t);
    out->desc = (uint32_t)sizeof(hsx_mbx_desc_t);
    out->handle = (uint32_t)sizeof(hsx_mbx_handle_t);
    out->tap = (uint32_t)sizeof(hsx_mbx_tap_t);
    out->pid = (uint32_t)sizeof(hsx_mbx_pid_t);
    out->zc = (uint32_t)sizeof(hsx_mbx_zc_t);
    out->npids = HSX_MBX_NPIDS;
}
