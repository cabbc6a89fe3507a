/*
 * hsx_mbx.h: the C port of the HSX mailbox manager (spec/mailbox.yaml).
 *
 * C99, no malloc: every pool is a static array inside hsx_mbx_t, sized at compile
 * time by the resource profile selected with one define (HSX_PROFILE_EMBEDDED,
 * HSX_PROFILE_CORTEX_M or HSX_PROFILE_DESKTOP; desktop when none is given). Every ABI
 * number and limit comes from the generated headers in generated/c/.
 *
 * The manager knows nothing of the VM: every call names the calling pid, time comes
 * from an injected clock, events go to a callback, and a call that has to wait
 * returns HSX_MBX_PENDING and finishes later as a completion (another callback),
 * exactly like the TypeScript reference (src/mailbox/README.md).
 *
 * Several profiles can live in one program (the conformance adapter holds all three):
 * compile hsx_mbx.c once per profile with -DHSX_MBX_NS=<prefix>_ and the public
 * functions become <prefix>_hsx_mbx_*; code including this header under the same
 * defines uses the plain names.
 */
#ifndef HSX_MBX_H
#define HSX_MBX_H

#include <stddef.h>
#include <stdint.h>

#include "hsx_mailbox.h"
#include "hsx_profiles.h"
#include "hsx_events.h"

/* ------------------------------------------------------------------ symbol names */

#define HSX_MBX_CAT_(a, b) a##b
#define HSX_MBX_CAT(a, b) HSX_MBX_CAT_(a, b)
#ifdef HSX_MBX_NS
#define HSX_MBX_SYM(name) HSX_MBX_CAT(HSX_MBX_NS, HSX_MBX_CAT(hsx_mbx_, name))
#else
#define HSX_MBX_SYM(name) HSX_MBX_CAT(hsx_mbx_, name)
#endif

#define hsx_mbx_init          HSX_MBX_SYM(init)
#define hsx_mbx_open          HSX_MBX_SYM(open)
#define hsx_mbx_bind          HSX_MBX_SYM(bind)
#define hsx_mbx_send          HSX_MBX_SYM(send)
#define hsx_mbx_recv          HSX_MBX_SYM(recv)
#define hsx_mbx_peek          HSX_MBX_SYM(peek)
#define hsx_mbx_tap           HSX_MBX_SYM(tap)
#define hsx_mbx_close         HSX_MBX_SYM(close)
#define hsx_mbx_task_exit     HSX_MBX_SYM(task_exit)
#define hsx_mbx_expire        HSX_MBX_SYM(expire)
#define hsx_mbx_next_deadline HSX_MBX_SYM(next_deadline)
#define hsx_mbx_wait_of       HSX_MBX_SYM(wait_of)
#define hsx_mbx_zc_acquire    HSX_MBX_SYM(zc_acquire)
#define hsx_mbx_zc_buffer     HSX_MBX_SYM(zc_buffer)
#define hsx_mbx_zc_send       HSX_MBX_SYM(zc_send)
#define hsx_mbx_zc_recv       HSX_MBX_SYM(zc_recv)
#define hsx_mbx_zc_release    HSX_MBX_SYM(zc_release)
#define hsx_mbx_stats         HSX_MBX_SYM(stats)
#define hsx_mbx_handles_of    HSX_MBX_SYM(handles_of)
#define hsx_mbx_snapshot      HSX_MBX_SYM(snapshot)
#define hsx_mbx_snap_holders  HSX_MBX_SYM(snap_holders)
#define hsx_mbx_snap_waiters  HSX_MBX_SYM(snap_waiters)
#define hsx_mbx_snap_readers  HSX_MBX_SYM(snap_readers)
#define hsx_mbx_snap_taps     HSX_MBX_SYM(snap_taps)
#define hsx_mbx_sizes         HSX_MBX_SYM(sizes)

/* ------------------------------------------------------------------ pool sizes */

/* Every pool size is a limit of the selected profile (generated/c/hsx_profiles.h). */
#define HSX_MBX_NDESC      HSX_PROFILE_MAX_DESCRIPTORS
#define HSX_MBX_NHANDLES   HSX_PROFILE_MAX_HANDLES
#define HSX_MBX_NTAPS      HSX_PROFILE_MAX_TAPS
#define HSX_MBX_NZC        HSX_PROFILE_ZC_BUFFERS
#define HSX_MBX_ZC_BYTES   HSX_PROFILE_ZC_BUFFER_BYTES
#define HSX_MBX_MAXCAP     HSX_PROFILE_MAX_CAPACITY
#define HSX_MBX_NAME_POOL  HSX_PROFILE_NAME_POOL_BYTES

/*
 * Per-pid state (handle id counter, handle list, pending wait, holds) for this many
 * pids at once. The spec bounds no pid count at the mailbox level (SPEC-GAP, see
 * README.md); this is the larger of the profile's tasks plus the host (pid 0), and the
 * pids that fill the handle pool at their per-pid quota plus one that only binds and
 * one more. A pid with no handle, hold or wait gives its slot up when another needs it.
 */
#ifndef HSX_MBX_NPIDS
#define HSX_MBX_NPIDS_TASKS (HSX_PROFILE_MAX_TASKS + 1)
#define HSX_MBX_NPIDS_QUOTA (HSX_PROFILE_MAX_HANDLES / HSX_PROFILE_HANDLES_PER_PID + 2)
#define HSX_MBX_NPIDS (HSX_MBX_NPIDS_TASKS > HSX_MBX_NPIDS_QUOTA ? HSX_MBX_NPIDS_TASKS : HSX_MBX_NPIDS_QUOTA)
#endif

/* Copies a tap buffer can hold: each costs at least 1 + MSG_HEADER_BYTES bytes. */
#define HSX_MBX_TAP_SEQS (HSX_MBX_MAXCAP / (HSX_MBX_MSG_HEADER_BYTES + 1) + 1)

/* Index of a record in a pool; HSX_MBX_NIL is "none". */
#if HSX_MBX_NDESC < 255 && HSX_MBX_NHANDLES < 255 && HSX_MBX_NTAPS < 255 && HSX_MBX_NPIDS < 255 && HSX_MBX_NZC < 255
typedef uint8_t hsx_mbx_ix_t;
#define HSX_MBX_NIL 0xFFu
#else
typedef uint16_t hsx_mbx_ix_t;
#define HSX_MBX_NIL 0xFFFFu
#endif

/* A byte offset or count within one ring (0..max_capacity). */
#if HSX_MBX_MAXCAP <= 255
typedef uint8_t hsx_mbx_off_t;
#else
typedef uint16_t hsx_mbx_off_t;
#endif

/* Offset into the name pool. */
#if HSX_MBX_NAME_POOL <= 256
typedef uint8_t hsx_mbx_name_t;
#else
typedef uint16_t hsx_mbx_name_t;
#endif

/* Copies in a tap buffer. */
#if HSX_MBX_TAP_SEQS <= 255
typedef uint8_t hsx_mbx_tapn_t;
#else
typedef uint16_t hsx_mbx_tapn_t;
#endif

/* A tap's copies in the current rate window, with the gap bit on top. */
#if HSX_PROFILE_TAP_RATE_LIMIT < 128
typedef uint8_t hsx_mbx_rate_t;
#define HSX_MBX_TAP_GAP 0x80u
#else
typedef uint16_t hsx_mbx_rate_t;
#define HSX_MBX_TAP_GAP 0x8000u
#endif

#define HSX_MBX_HOLDER_BYTES ((HSX_MBX_NPIDS + 7) / 8)

/*
 * mailbox.rule.SEND_WAIT: a waiting sender keeps its bytes unchanged until the wait
 * completes (a task blocked in SEND cannot write its memory), so by default a waiting
 * send keeps a pointer to the caller's payload and reads it when the message is
 * admitted. With -DHSX_MBX_SEND_STAGING=1 the payload is copied when the sender calls,
 * into a staging buffer per pid slot (NPIDS * (max_capacity - 8) bytes, which the
 * footprint formula does not count), for callers that cannot keep it unchanged.
 */
#ifndef HSX_MBX_SEND_STAGING
#define HSX_MBX_SEND_STAGING 0
#endif

/* The executive's clock: microseconds since the manager started, never decreasing. */
typedef uint64_t hsx_mbx_time_t;

/* ------------------------------------------------------------------ records */

/* One descriptor (without its ring and name, which live in pools of their own). */
typedef struct hsx_mbx_desc {
    uint32_t next_seq;          /* sequence number of the next queued message */
    uint16_t id;                /* descriptor id; 0 while the record is free */
    uint16_t owner;             /* owner pid (valid with HSX_MBX_D_OWNER) */
    hsx_mbx_off_t cap;          /* capacity in bytes */
    hsx_mbx_off_t head;         /* ring offset of the oldest message */
    hsx_mbx_off_t used;         /* bytes_used: payload + 8 per message */
    hsx_mbx_off_t count;        /* messages queued */
    hsx_mbx_off_t high;         /* high_water */
    hsx_mbx_name_t name;        /* name pool offset (not for pid:) */
    uint8_t mode;               /* mode mask */
    uint8_t bits;               /* namespace (2 bits) and HSX_MBX_D_* flags */
    hsx_mbx_ix_t handles;       /* open handles, by (pid, handle id) */
    hsx_mbx_ix_t wait_head;     /* FIFO of waiting pid slots */
    hsx_mbx_ix_t pins;          /* zero-copy buffers of queued messages, by seq */
    uint8_t holders[HSX_MBX_HOLDER_BYTES]; /* bit per pid slot */
} hsx_mbx_desc_t;

/* One handle, including its fan-out cursor (a tap keeps its rate window there instead). */
typedef struct hsx_mbx_handle {
    union {
        struct {
            uint32_t consumed;  /* last_seq + 1 */
            hsx_mbx_off_t off;  /* ring offset of message `consumed` while it is queued */
        } cur;
        hsx_mbx_time_t window;  /* tap: start of its rate window */
    } u;
    uint16_t id;                /* handle id; 0 while the record is free */
    hsx_mbx_ix_t pid;           /* pid slot */
    hsx_mbx_ix_t desc;          /* descriptor */
    hsx_mbx_ix_t next;          /* next handle of the descriptor (or of the free list) */
    hsx_mbx_ix_t pnext;         /* next handle of the pid */
    hsx_mbx_ix_t tap;           /* tap record, or HSX_MBX_NIL */
    uint8_t flags;              /* HSX_MBX_H_* */
} hsx_mbx_handle_t;

/* One tap (its buffer, of the descriptor's capacity, lives in the tap ring pool). */
typedef struct hsx_mbx_tap {
    uint32_t drops;             /* copies lost since enabled */
    hsx_mbx_off_t head;         /* oldest copy */
    hsx_mbx_off_t used;         /* bytes of copies */
    hsx_mbx_tapn_t seq_head;    /* index of the oldest copy's seq in the tap's seq row */
    hsx_mbx_rate_t rate;        /* copies in the rate window | HSX_MBX_TAP_GAP */
#if HSX_MBX_MAXCAP > 255
    hsx_mbx_tapn_t count;       /* copies (counted by walking the ring on small profiles) */
#endif
} hsx_mbx_tap_t;

/* Per-pid state, with the pid's pending wait (at most one, mailbox.rule.WAIT). */
typedef struct hsx_mbx_pid {
    hsx_mbx_time_t deadline;    /* of the pending wait, when finite */
    union {
        uint8_t *dst;           /* pending receive: where the payload goes */
        const uint8_t *src;     /* pending send: its payload (the caller's, or its staging copy) */
    } io;
    uint16_t pid;
    uint16_t next_handle;       /* next handle id to try (never reset) */
    uint16_t len;               /* pending receive: max_len; pending send: length */
    uint16_t wflags;            /* pending send: flags */
    uint16_t wchan;             /* pending send: channel */
    hsx_mbx_ix_t handles;       /* the pid's open handles */
    hsx_mbx_ix_t wait;          /* handle of the pending wait, or HSX_MBX_NIL */
    hsx_mbx_ix_t wnext;         /* next waiter on the same descriptor */
    hsx_mbx_ix_t onext;         /* next wait in the order waits started */
    uint8_t nhandles;
    uint8_t flags;              /* HSX_MBX_P_* */
} hsx_mbx_pid_t;

/* One zero-copy buffer's bookkeeping. */
typedef struct hsx_mbx_zc {
    uint32_t seq;               /* queued: the message it carries */
    uint16_t id;                /* buffer id while out of the pool; 0 while free */
    uint16_t pid;               /* holder while held */
    hsx_mbx_ix_t desc;          /* queued: the descriptor, else HSX_MBX_NIL */
    hsx_mbx_ix_t next;          /* next pin of the descriptor, or next free buffer */
} hsx_mbx_zc_t;

/* ------------------------------------------------------------------ events */

/*
 * The string enums of spec/events.yaml as C enums, numbered in spec order from the
 * generated X-macro lists of hsx_events.h (the adapter turns them back into the wire
 * strings through the same lists).
 */
#define HSX_MBX_OP_ITEM_(name, wire) HSX_MBX_OP_##name,
#define HSX_MBX_REASON_ITEM_(name, wire) HSX_MBX_REASON_##name,
#define HSX_MBX_OVERRUN_ITEM_(name, wire) HSX_MBX_OVERRUN_##name,
#define HSX_MBX_POLICY_ITEM_(name, wire) HSX_MBX_POLICY_##name,

/* The op of mailbox_wait, mailbox_wake, mailbox_timeout and completions: RECV, SEND. */
typedef enum { HSX_EVENT_MAILBOX_WAIT_OP_LIST(HSX_MBX_OP_ITEM_) HSX_MBX_OP_COUNT } hsx_mbx_op_t;

/* mailbox_exhausted reason: DESCRIPTOR_POOL_FULL, NAME_POOL_FULL, HANDLE_LIMIT, ... */
typedef enum { HSX_EVENT_MAILBOX_EXHAUSTED_REASON_LIST(HSX_MBX_REASON_ITEM_) HSX_MBX_REASON_COUNT } hsx_mbx_exhausted_reason_t;

/* mailbox_overrun reason: FANOUT_DROP, TAP_OVERFLOW. */
typedef enum { HSX_EVENT_MAILBOX_OVERRUN_REASON_LIST(HSX_MBX_OVERRUN_ITEM_) HSX_MBX_OVERRUN_COUNT } hsx_mbx_overrun_reason_t;

/* mailbox_backpressure policy: SINGLE, FANOUT_BLOCK, TAP_RATE_LIMIT. */
typedef enum { HSX_EVENT_MAILBOX_BACKPRESSURE_POLICY_LIST(HSX_MBX_POLICY_ITEM_) HSX_MBX_POLICY_COUNT } hsx_mbx_policy_t;

/* mailbox_error fn of calls without an SVC function number (zero-copy acquire, release). */
#define HSX_MBX_FN_NONE 0xFF

/* Longest canonical target: prefix, name, '@' and five digits. */
#define HSX_MBX_TARGET_TEXT (HSX_MBX_MAX_PREFIX_BYTES + HSX_MBX_MAX_NAME_BYTES + 7)

/* An event (spec/events.yaml); type is an HSX_EVENT_MAILBOX_* id of hsx_events.h. */
typedef struct hsx_mbx_event {
    uint8_t type;
    uint16_t pid;
    union {
        struct { uint16_t descriptor, handle, length, flags, channel, src_pid; } msg; /* send, recv */
        struct { uint16_t descriptor, handle, timeout; uint8_t op, finite; hsx_mbx_time_t deadline; } wait;
        struct { uint16_t descriptor, handle, status, length, flags, channel, src_pid; uint8_t op; } wake; /* wake, timeout */
        struct { uint8_t fn, has_handle; uint16_t status, handle; const char *detail; } error;
        struct {
            uint16_t descriptor, handle, sender_pid, dropped_length, dropped_flags, channel;
            uint8_t reason;
            uint32_t dropped_seq, queue_depth;
        } overrun;
        struct { uint8_t reason, has_target; uint32_t limit, in_use; char target[HSX_MBX_TARGET_TEXT]; } exhausted;
        struct {
            uint16_t descriptor, capacity, tap_pid, tap_handle;
            uint8_t policy, has_tap;
            uint32_t bytes_used, requested, limit;
        } backpressure;
    } u;
} hsx_mbx_event_t;

/* A wait that finished: with data or room (OK), TIMEOUT, INVALID_HANDLE or MSG_TOO_LARGE. */
typedef struct hsx_mbx_completion {
    uint16_t pid, handle, descriptor;
    uint8_t op;                 /* hsx_mbx_op_t */
    uint16_t status;
    uint16_t length;            /* recv: bytes written to the dst given at call time; send: bytes queued */
    uint16_t flags, channel, src_pid;
} hsx_mbx_completion_t;

typedef hsx_mbx_time_t (*hsx_mbx_clock_fn)(void *ctx);
typedef void (*hsx_mbx_event_fn)(void *ctx, const hsx_mbx_event_t *event);
typedef void (*hsx_mbx_completion_fn)(void *ctx, const hsx_mbx_completion_t *completion);

typedef struct hsx_mbx_config {
    hsx_mbx_clock_fn clock;             /* required */
    hsx_mbx_event_fn on_event;          /* optional: no event is built without it */
    hsx_mbx_completion_fn on_complete;  /* optional */
    void *ctx;                          /* passed to the three callbacks */
} hsx_mbx_config_t;

/* Status of a call that waits: never an ABI status. */
#define HSX_MBX_PENDING (-1)

/* ------------------------------------------------------------------ the manager */

typedef struct hsx_mbx {
    hsx_mbx_desc_t desc[HSX_MBX_NDESC];
    hsx_mbx_handle_t handle[HSX_MBX_NHANDLES];
    hsx_mbx_tap_t tap[HSX_MBX_NTAPS];
    hsx_mbx_pid_t pids[HSX_MBX_NPIDS];
    hsx_mbx_zc_t zc[HSX_MBX_NZC];
    hsx_mbx_config_t cfg;
    uint32_t tap_drops;
    uint16_t next_desc_id;
    uint16_t next_zc_id;
    uint16_t ndesc, desc_high, name_used, nhandles, ntaps, nwaits, zc_free;
    hsx_mbx_ix_t free_handle, free_zc;
    uint8_t tap_used[(HSX_MBX_NTAPS + 7) / 8]; /* tap records in use */
    hsx_mbx_ix_t order_head;            /* waits in the order they started */
    hsx_mbx_ix_t last_pid;              /* pid slot found last */
    uint8_t exhausted;                  /* descriptor_pool_exhausted */
    /* storage */
    uint8_t names[HSX_MBX_NAME_POOL];
    uint8_t ring[HSX_MBX_NDESC][HSX_MBX_MAXCAP];
    uint8_t tap_ring[HSX_MBX_NTAPS][HSX_MBX_MAXCAP];
    uint32_t tap_seq[HSX_MBX_NTAPS][HSX_MBX_TAP_SEQS];
    uint8_t zc_mem[HSX_MBX_NZC][HSX_MBX_ZC_BYTES];
#if HSX_MBX_SEND_STAGING
    uint8_t staging[HSX_MBX_NPIDS][HSX_MBX_MAXCAP - HSX_MBX_MSG_HEADER_BYTES]; /* waiting senders' copies */
#endif
} hsx_mbx_t;

/* Outputs of RECV (and zero-copy receive). */
typedef struct hsx_mbx_recv_out {
    uint16_t length, flags, channel, src_pid;
} hsx_mbx_recv_out_t;

typedef struct hsx_mbx_peek_out {
    uint16_t depth, bytes_used, next_len;
} hsx_mbx_peek_out_t;

/* A pid's pending wait (wait_of). */
typedef struct hsx_mbx_wait_info {
    uint16_t pid, handle, descriptor;
    uint8_t op, finite;
    hsx_mbx_time_t deadline;
} hsx_mbx_wait_info_t;

/* The mailbox_stats record (handles_per_pid through hsx_mbx_handles_of). */
typedef struct hsx_mbx_stats {
    const char *profile;
    uint32_t max_descriptors, active_descriptors, free_descriptors, descriptor_high_water;
    uint8_t descriptor_pool_exhausted;
    uint32_t name_pool_bytes, name_bytes_used, total_capacity, bytes_used, bytes_available, queue_depth;
    uint32_t handles_total, max_handles, handle_limit_per_pid;
    uint32_t tap_count, max_taps, tap_rate_limit, tap_queue_depth, tap_drops;
    uint32_t waiter_count, zc_buffers, zc_buffers_free, fanout_descriptors;
    struct {
        uint32_t metadata_bytes, ring_bytes_reserved, name_bytes_used, total_bytes, metadata_budget, sram_budget;
        uint8_t within_budget;
    } footprint;
} hsx_mbx_stats_t;

/* One descriptor of the snapshot; lists come through the hsx_mbx_snap_* visitors. */
typedef struct hsx_mbx_desc_info {
    uint16_t descriptor_id;
    char target[HSX_MBX_TARGET_TEXT];
    uint8_t ns;
    char name[HSX_MBX_MAX_NAME_BYTES + 1];
    uint8_t has_owner;
    uint16_t owner_pid, capacity, mode_mask;
    uint32_t bytes_used, queue_depth, high_water, head_seq, next_seq, handles;
} hsx_mbx_desc_info_t;

typedef void (*hsx_mbx_pid_visit)(void *ctx, uint16_t pid, uint32_t n);
typedef void (*hsx_mbx_waiter_visit)(void *ctx, uint16_t pid, uint16_t handle, uint8_t op, uint8_t finite, hsx_mbx_time_t deadline);
typedef void (*hsx_mbx_reader_visit)(void *ctx, uint16_t pid, uint16_t handle, int64_t last_seq, uint32_t lag);
typedef void (*hsx_mbx_tap_visit)(void *ctx, uint16_t pid, uint16_t handle, uint32_t depth, uint32_t bytes_used, uint32_t drops);

/* Record sizes and pool dimensions of this build (footprint reports). */
typedef struct hsx_mbx_sizes {
    uint32_t manager, desc, handle, tap, pid, zc, npids;
} hsx_mbx_sizes_t;

/* Start an empty manager (clock at 0 by the caller's clock). */
void hsx_mbx_init(hsx_mbx_t *m, const hsx_mbx_config_t *cfg);

/*
 * The calls. Each returns an mbx_status (HSX_MBX_STATUS_*), or for send/recv
 * HSX_MBX_PENDING. Outputs are written only on OK (zeroed otherwise). `target` is
 * `target_len` bytes (guest memory need not be NUL-terminated).
 */
int hsx_mbx_open(hsx_mbx_t *m, uint16_t pid, const char *target, size_t target_len, uint16_t flags, uint16_t *handle);
int hsx_mbx_bind(hsx_mbx_t *m, uint16_t pid, const char *target, size_t target_len, uint16_t capacity, uint16_t mode, uint16_t *descriptor);
/*
 * Queues src (length bytes). When the send waits (HSX_MBX_PENDING), src must stay
 * valid and unchanged until its completion is delivered, unless the build stages
 * waiting sends (HSX_MBX_SEND_STAGING=1). Timeouts in ms: 0 never waits, 0xFFFF waits
 * for ever.
 */
int hsx_mbx_send(hsx_mbx_t *m, uint16_t pid, uint16_t handle, const uint8_t *src, uint16_t length, uint16_t flags, uint16_t channel, uint16_t timeout_ms, uint16_t *sent);
/* Writes min(max_len, length) bytes at dst, now or (PENDING) when the wait completes. */
int hsx_mbx_recv(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint8_t *dst, uint16_t max_len, uint16_t timeout_ms, hsx_mbx_recv_out_t *out);
int hsx_mbx_peek(hsx_mbx_t *m, uint16_t pid, uint16_t handle, hsx_mbx_peek_out_t *out);
/* Bit 0 of enable switches the handle to a tap or back. */
int hsx_mbx_tap(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t enable);
int hsx_mbx_close(hsx_mbx_t *m, uint16_t pid, uint16_t handle);
void hsx_mbx_task_exit(hsx_mbx_t *m, uint16_t pid);

/* Time out every wait whose deadline has come; returns how many. */
unsigned hsx_mbx_expire(hsx_mbx_t *m);
/* Earliest deadline of a pending wait: 1 and *deadline, or 0 when none is finite. */
int hsx_mbx_next_deadline(const hsx_mbx_t *m, hsx_mbx_time_t *deadline);
/* The pid's pending wait: 1 and *info, or 0. */
int hsx_mbx_wait_of(const hsx_mbx_t *m, uint16_t pid, hsx_mbx_wait_info_t *info);

/* Zero-copy calls (mailbox.rule.ZERO_COPY). */
int hsx_mbx_zc_acquire(hsx_mbx_t *m, uint16_t pid, uint16_t size, uint16_t *buffer);
/* The memory of a buffer the pid holds (HSX_MBX_ZC_BYTES bytes), or NULL. */
uint8_t *hsx_mbx_zc_buffer(hsx_mbx_t *m, uint16_t pid, uint16_t buffer);
int hsx_mbx_zc_send(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t buffer, uint16_t length, uint16_t flags, uint16_t channel);
int hsx_mbx_zc_recv(hsx_mbx_t *m, uint16_t pid, uint16_t handle, uint16_t *buffer, hsx_mbx_recv_out_t *out);
int hsx_mbx_zc_release(hsx_mbx_t *m, uint16_t pid, uint16_t buffer);

/* Monitoring. */
void hsx_mbx_stats(const hsx_mbx_t *m, hsx_mbx_stats_t *out);
/* handles_per_pid: visit(pid, open handles) for each pid holding any. */
void hsx_mbx_handles_of(const hsx_mbx_t *m, hsx_mbx_pid_visit visit, void *ctx);
/* The live descriptor with the smallest id above after_id: 1 and *out, or 0. */
int hsx_mbx_snapshot(const hsx_mbx_t *m, uint16_t after_id, hsx_mbx_desc_info_t *out);
void hsx_mbx_snap_holders(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_pid_visit visit, void *ctx);
void hsx_mbx_snap_waiters(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_waiter_visit visit, void *ctx);
void hsx_mbx_snap_readers(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_reader_visit visit, void *ctx);
void hsx_mbx_snap_taps(const hsx_mbx_t *m, uint16_t descriptor, hsx_mbx_tap_visit visit, void *ctx);

void hsx_mbx_sizes(hsx_mbx_sizes_t *out);

#endif /* HSX_MBX_H */
