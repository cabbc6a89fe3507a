/*
 * hsx_mbx_bench.c: the C manager's in-process loop for bench/c-vs-ts.ts, on the same
 * sequences as bench/mailbox.ts (desktop profile, no event listener, clock at 0):
 *   pairs    single-reader 16-byte send + recv pairs, one writer and one reader
 *   fanout4  16-byte sends to a FANOUT|FANOUT_DROP mailbox, each received by 4 readers
 * Prints one JSON line: rates per second (median and best of RUNS runs).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hsx_mbx.h"

#define RUNS 7
#define READERS 4

static hsx_mbx_t mgr;

static hsx_mbx_time_t clock0(void *ctx)
{
    (void)ctx;
    return 0;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "hsx-mbx-bench: %s\n", what);
        exit(1);
    }
}

static void fresh(void)
{
    hsx_mbx_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.clock = clock0;
    hsx_mbx_init(&mgr, &cfg);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef void (*body_fn)(long n);

/* Median and best rate of body(n), which performs n operations. */
static void rate(long n, body_fn body, double *median, double *best)
{
    double r[RUNS];
    int i;
    body(n / 8 > 0 ? n / 8 : 1);
    for (i = 0; i < RUNS; i++) {
        double t0 = seconds();
        body(n);
        r[i] = (double)n / (seconds() - t0);
    }
    qsort(r, RUNS, sizeof r[0], cmp);
    *median = r[RUNS / 2];
    *best = r[RUNS - 1];
}

static uint16_t tx, rx[READERS];

static void pairs_body(long n)
{
    uint8_t payload[16], buf[64];
    hsx_mbx_recv_out_t out;
    long i;
    for (i = 0; i < 16; i++) payload[i] = (uint8_t)i;
    for (i = 0; i < n; i++) {
        payload[0] = (uint8_t)i;
        if (hsx_mbx_send(&mgr, 1, tx, payload, 16, 0, 0, 0, NULL) != HSX_MBX_STATUS_OK) check(0, "send");
        if (hsx_mbx_recv(&mgr, 2, rx[0], buf, 64, 0, &out) != HSX_MBX_STATUS_OK || buf[0] != (uint8_t)i) check(0, "recv");
    }
}

static void fanout_body(long n)
{
    uint8_t payload[16], buf[64];
    hsx_mbx_recv_out_t out;
    long i;
    int r;
    memset(payload, 0, sizeof payload);
    for (i = 0; i < n / READERS; i++) {
        if (hsx_mbx_send(&mgr, 1, tx, payload, 16, 0, 0, 0, NULL) != HSX_MBX_STATUS_OK) check(0, "send");
        for (r = 0; r < READERS; r++) {
            if (hsx_mbx_recv(&mgr, (uint16_t)(2 + r), rx[r], buf, 64, 0, &out) != HSX_MBX_STATUS_OK) check(0, "recv");
        }
    }
}

int main(int argc, char **argv)
{
    long pairs_n = argc > 1 ? atol(argv[1]) : 2000000L;
    long fan_msgs = argc > 2 ? atol(argv[2]) : 1000000L;
    double pm, pb, fm, fb;
    hsx_mbx_stats_t s;
    int r;

    fresh();
    check(hsx_mbx_bind(&mgr, 1, "app:bench", 9, 1024, 0, NULL) == HSX_MBX_STATUS_OK, "bind");
    check(hsx_mbx_open(&mgr, 1, "app:bench", 9, HSX_MBX_MODE_WRONLY, &tx) == HSX_MBX_STATUS_OK, "open tx");
    check(hsx_mbx_open(&mgr, 2, "app:bench", 9, HSX_MBX_MODE_RDONLY, &rx[0]) == HSX_MBX_STATUS_OK, "open rx");
    rate(pairs_n, pairs_body, &pm, &pb);

    fresh();
    check(hsx_mbx_bind(&mgr, 1, "shared:fan", 10, 1024, HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP, NULL) == HSX_MBX_STATUS_OK, "bind");
    check(hsx_mbx_open(&mgr, 1, "shared:fan", 10, HSX_MBX_MODE_WRONLY, &tx) == HSX_MBX_STATUS_OK, "open tx");
    for (r = 0; r < READERS; r++) check(hsx_mbx_open(&mgr, (uint16_t)(2 + r), "shared:fan", 10, HSX_MBX_MODE_RDONLY, &rx[r]) == HSX_MBX_STATUS_OK, "open rx");
    rate(fan_msgs * READERS, fanout_body, &fm, &fb);
    hsx_mbx_stats(&mgr, &s);
    check(s.queue_depth == 0, "fan-out messages reclaimed");

    printf("{\"profile\":\"%s\",\"pairs\":{\"median\":%.0f,\"best\":%.0f},\"fanout4\":{\"median\":%.0f,\"best\":%.0f}}\n", HSX_PROFILE_NAME, pm, pb, fm, fb);
    return 0;
}
