// Resource monitoring (plan 1.4): stats() and snapshot() shapes, values and the
// footprint by the profile's formula.
import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT } = MbxMode;
const HDR = MAILBOX.MSG_HEADER_BYTES;

describe("stats (record mailbox_stats)", () => {
  it.each(Object.keys(PROFILES) as ProfileName[])("%s: a fresh manager reports the profile's limits and an empty pool", (profile) => {
    const fx = new Fixture(profile);
    const p = PROFILES[profile];
    const l = p.limits;
    expect(fx.stats()).toEqual({
      profile,
      max_descriptors: l.max_descriptors,
      active_descriptors: 0,
      free_descriptors: l.max_descriptors,
      descriptor_high_water: 0,
      descriptor_pool_exhausted: false,
      name_pool_bytes: l.name_pool_bytes,
      name_bytes_used: 0,
      total_capacity: 0,
      bytes_used: 0,
      bytes_available: 0,
      queue_depth: 0,
      handles_total: 0,
      max_handles: l.max_handles,
      handle_limit_per_pid: l.handles_per_pid,
      handles_per_pid: {},
      tap_count: 0,
      max_taps: l.max_taps,
      tap_rate_limit: l.tap_rate_limit,
      tap_queue_depth: 0,
      tap_drops: 0,
      waiter_count: 0,
      zc_buffers: l.zc_buffers,
      zc_buffers_free: l.zc_buffers,
      fanout_descriptors: 0,
      footprint: {
        metadata_bytes: p.footprint.metadataBytes,
        ring_bytes_reserved: 0,
        name_bytes_used: 0,
        total_bytes: p.footprint.metadataBytes + l.zc_buffers * l.zc_buffer_bytes + l.name_pool_bytes,
        metadata_budget: p.budget.metadataBytes,
        sram_budget: p.budget.sramBytes,
        within_budget: true,
      },
    });
  });

  it("counts descriptors, bytes, handles per pid, taps, waiters and fan-out descriptors", () => {
    const fx = new Fixture();
    fx.bind(0, "app:a", 100);
    fx.bind(0, "shared:f", 0, FANOUT);
    const w = fx.open(1, "app:a", WRONLY);
    fx.open(2, "app:a", RDONLY);
    const t = fx.open(12, "app:a", RDONLY);
    fx.m.tap(12, t, true);
    fx.open(2, "shared:f", RDONLY);
    fx.m.recv(2, 2, new Uint8Array(1), 0, 1, 9);
    fx.send(1, w, filled(10));
    fx.send(1, w, filled(20));
    const s = fx.stats();
    expect(s).toMatchObject({
      active_descriptors: 2,
      descriptor_high_water: 2,
      name_bytes_used: "a".length + 1 + "f".length + 1,
      total_capacity: 100 + 64,
      bytes_used: 10 + 20 + 2 * HDR,
      bytes_available: 164 - 46,
      queue_depth: 2,
      handles_total: 4,
      handles_per_pid: { "1": 1, "2": 2, "12": 1 },
      tap_count: 1,
      tap_queue_depth: 2,
      waiter_count: 1,
      fanout_descriptors: 1,
    });
    expect(s.footprint.ring_bytes_reserved).toBe(100 + 64 + 100);
    expect(Object.keys(s.handles_per_pid)).toEqual(["1", "2", "12"]);
  });

  it("the footprint is metadata by the formula + reserved rings + the zero-copy buffers + the name pool, against the budget", () => {
    const fx = new Fixture("embedded");
    const p = PROFILES.embedded;
    const l = p.limits;
    for (let i = 0; i < l.max_descriptors; i++) fx.bind(0, `pid:${i}`, l.max_capacity);
    const f = fx.stats().footprint;
    expect(f.metadata_bytes).toBe(l.max_descriptors * p.costs.descriptor_bytes + l.max_handles * p.costs.handle_bytes + l.max_taps * p.costs.tap_bytes);
    expect(f.ring_bytes_reserved).toBe(l.max_descriptors * l.max_capacity);
    // spec/profiles.yaml footprint: buffers = zc_buffers * zc_buffer_bytes counts whether or not any is in use.
    expect(f.total_bytes).toBe(f.metadata_bytes + f.ring_bytes_reserved + l.zc_buffers * l.zc_buffer_bytes + l.name_pool_bytes);
    expect(f.total_bytes).toBeLessThanOrEqual(p.footprint.totalBytes);
    expect(f.within_budget).toBe(true);
  });

  it.each(Object.keys(PROFILES) as ProfileName[])("%s: fully statically loaded, the footprint is the one generated/docs/profiles.md works out", (profile) => {
    const fx = new Fixture(profile, false);
    const p = PROFILES[profile];
    const l = p.limits;
    // Every descriptor at max_capacity (pid: targets cost no name bytes) and every tap on.
    for (let i = 0; i < l.max_descriptors; i++) fx.bind(0, `pid:${i + 1}`, l.max_capacity);
    expect(l.max_taps).toBeLessThanOrEqual(l.max_descriptors);
    for (let pid = 1; pid <= l.max_taps; pid++) expect(fx.m.tap(pid, fx.open(pid, `pid:${pid}`, RDONLY), true)).toBe(0);
    const f = fx.stats().footprint;
    expect({ metadata: f.metadata_bytes, total: f.total_bytes }).toEqual({ metadata: p.footprint.metadataBytes, total: p.footprint.totalBytes });
    expect(f.ring_bytes_reserved + l.zc_buffers * l.zc_buffer_bytes).toBe(p.footprint.ringBytes);
  });
});

describe("snapshot (record mailbox_descriptor_snapshot)", () => {
  it("lists every live descriptor by id with its queue, holders, waiters, readers and taps", () => {
    const fx = new Fixture();
    fx.t = 1000;
    fx.bind(4, "svc:out", 80, FANOUT);
    const w = fx.open(4, "svc:out", WRONLY);
    const r = fx.open(0, "svc:out@4", RDONLY);
    const t = fx.open(0, "svc:out@4", RDONLY);
    fx.m.tap(0, t, 1);
    fx.send(4, w, "hello");
    fx.send(4, w, "again!");
    fx.recvText(0, r);
    const late = fx.open(7, "svc:out@4", RDONLY);
    fx.m.recv(7, late, new Uint8Array(4), 0, 4, 3);
    fx.open(2, "pid:");
    expect(fx.snapshot()).toEqual([
      {
        descriptor_id: 1,
        target: "svc:out@4",
        namespace: 1,
        name: "out",
        owner_pid: 4,
        capacity: 80,
        mode_mask: FANOUT,
        bytes_used: 6 + HDR,
        queue_depth: 1,
        high_water: 5 + 6 + 2 * HDR,
        head_seq: 1,
        next_seq: 2,
        handles: 4,
        holders: [4],
        waiters: [{ pid: 7, handle: late, op: "recv", deadline: 4000 }],
        readers: [
          { pid: 0, handle: r, last_seq: 0, lag: 1 },
          { pid: 7, handle: late, last_seq: 1, lag: 0 },
        ],
        taps: [{ pid: 0, handle: t, depth: 2, bytes_used: 5 + 6 + 2 * HDR, drops: 0 }],
      },
      {
        descriptor_id: 2,
        target: "pid:2",
        namespace: 0,
        name: "",
        owner_pid: 2,
        capacity: 64,
        mode_mask: 0,
        bytes_used: 0,
        queue_depth: 0,
        high_water: 0,
        head_seq: 0,
        next_seq: 0,
        handles: 1,
        holders: [],
        waiters: [],
        readers: [],
        taps: [],
      },
    ]);
  });
});
