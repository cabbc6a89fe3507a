import { describe, expect, it } from "vitest";
import { MbxMode, MbxStatus, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import { Fixture } from "./fixture.js";

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

describe("mailbox.rule.QUOTAS", () => {
  it.each(PROFILE_NAMES)("%s: descriptors beyond max_descriptors are NO_DESCRIPTOR with descriptor_pool_full", (profile) => {
    const fx = new Fixture(profile);
    const max = PROFILES[profile].limits.max_descriptors;
    for (let i = 0; i < max; i++) fx.bind(0, `pid:${i + 1}`); // pid: names cost no name bytes
    expect(fx.stats()).toMatchObject({ active_descriptors: max, free_descriptors: 0, descriptor_pool_exhausted: false });
    fx.take();
    expect(fx.m.bind(1, "app:one-more", 0, 0)).toBe(MbxStatus.NO_DESCRIPTOR);
    expect(fx.m.open(1, "app:one-more", 0)).toBe(MbxStatus.NO_DESCRIPTOR);
    const ev = fx.take();
    expect(ev.map((e) => e.type)).toEqual(["mailbox_exhausted", "mailbox_error", "mailbox_exhausted", "mailbox_error"]);
    expect(ev[0]).toEqual({ type: "mailbox_exhausted", pid: 1, data: { reason: "descriptor_pool_full", limit: max, in_use: max, target: "app:one-more" } });
    expect(ev[1]).toMatchObject({ type: "mailbox_error", pid: 1, data: { fn: 1, status: MbxStatus.NO_DESCRIPTOR, handle: null } });
    expect(fx.stats()).toMatchObject({ descriptor_pool_exhausted: true, descriptor_high_water: max });
    // Existing descriptors keep working ...
    const h = fx.open(2, "pid:1", MbxMode.WRONLY);
    expect(fx.send(2, h, "still works")).toBe(MbxStatus.OK);
    // ... and a freed one makes room again.
    fx.m.taskExit(0);
    expect(fx.stats().active_descriptors).toBe(1); // pid:1 stays: pid 2 has a handle on it
    expect(fx.bind(1, "app:one-more")).toBeGreaterThan(0);
    expect(fx.stats().descriptor_pool_exhausted).toBe(true); // sticky: it happened since start
  });

  it.each(PROFILE_NAMES)("%s: a name that does not fit the name pool is NO_DESCRIPTOR with name_pool_full", (profile) => {
    const fx = new Fixture(profile);
    const pool = PROFILES[profile].limits.name_pool_bytes;
    const name = (i: number): string => `app:${String(i).padStart(4, "0")}${"n".repeat(27)}`; // 31 + 1 bytes each
    const fit = Math.floor(pool / 32) - 1; // leaves 32 bytes: a 32-byte name (cost 33) does not fit
    if (pool % 32 !== 0 || fit >= PROFILES[profile].limits.max_descriptors) return; // the descriptor pool runs out first
    for (let i = 0; i < fit; i++) fx.bind(1, name(i));
    const used = fx.stats().name_bytes_used;
    expect(used).toBe(fit * 32);
    const left = pool - used;
    fx.take();
    expect(fx.m.bind(1, `app:${"z".repeat(left)}`, 0, 0)).toBe(MbxStatus.NO_DESCRIPTOR);
    expect(fx.take()[0]).toEqual({ type: "mailbox_exhausted", pid: 1, data: { reason: "name_pool_full", limit: pool, in_use: used, target: `app:${"z".repeat(left)}` } });
    expect(fx.bind(1, `app:${"z".repeat(left - 1)}`)).toBeGreaterThan(0);
    expect(fx.stats().name_bytes_used).toBe(pool);
    expect(fx.stats().descriptor_pool_exhausted).toBe(true); // either pool sets it
  });

  it.each(PROFILE_NAMES)("%s: handles beyond handles_per_pid are HANDLE_QUOTA with handle_limit", (profile) => {
    const fx = new Fixture(profile);
    const quota = PROFILES[profile].limits.handles_per_pid;
    const hs = Array.from({ length: quota }, () => fx.open(3, "app:h"));
    fx.take();
    expect(fx.m.open(3, "app:h", 0)).toBe(MbxStatus.HANDLE_QUOTA);
    expect(fx.take()).toEqual([
      { type: "mailbox_exhausted", pid: 3, data: { reason: "handle_limit", limit: quota, in_use: quota, target: null } },
      expect.objectContaining({ type: "mailbox_error", data: expect.objectContaining({ fn: 0, status: MbxStatus.HANDLE_QUOTA }) }),
    ]);
    expect(fx.open(4, "app:h")).toBe(1); // another pid is not affected
    fx.m.close(3, hs[0]!);
    expect(fx.open(3, "app:h")).toBe(quota + 1);
  });

  it.each(PROFILE_NAMES)("%s: handles beyond max_handles are HANDLE_QUOTA with handle_pool_full", (profile) => {
    const fx = new Fixture(profile, false);
    const { max_handles: max, handles_per_pid: per } = PROFILES[profile].limits;
    let pid = 1;
    for (let n = 0; n < max; n++) {
      if (n > 0 && n % per === 0) pid++;
      fx.open(pid, "app:h");
    }
    const listening = new Fixture(profile);
    expect(fx.stats().handles_total).toBe(max);
    expect(fx.m.open(pid + 1, "app:h", 0)).toBe(MbxStatus.HANDLE_QUOTA);
    // Same refusal with a listener, to see the reason.
    for (let n = 0, p = 1; n < max; n++) {
      if (n > 0 && n % per === 0) p++;
      listening.open(p, "app:h");
    }
    listening.take();
    expect(listening.m.open(pid + 1, "app:h", 0)).toBe(MbxStatus.HANDLE_QUOTA);
    expect(listening.take()[0]).toEqual({ type: "mailbox_exhausted", pid: pid + 1, data: { reason: "handle_pool_full", limit: max, in_use: max, target: null } });
    fx.m.taskExit(1);
    expect(fx.open(pid + 1, "app:h")).toBe(1);
  });

  it.each(PROFILE_NAMES)("%s: taps beyond max_taps are TAP_LIMIT with tap_pool_full", (profile) => {
    const fx = new Fixture(profile);
    const { max_taps: max, handles_per_pid: per } = PROFILES[profile].limits;
    const taps: [number, number][] = [];
    for (let i = 0; i < max + 1; i++) taps.push([10 + Math.floor(i / per), fx.open(10 + Math.floor(i / per), "app:t", MbxMode.RDONLY)]);
    for (const [pid, h] of taps.slice(0, max)) expect(fx.m.tap(pid, h, true)).toBe(MbxStatus.OK);
    fx.take();
    const [pid, h] = taps[max]!;
    expect(fx.m.tap(pid, h, true)).toBe(MbxStatus.TAP_LIMIT);
    expect(fx.take()).toEqual([
      { type: "mailbox_exhausted", pid, data: { reason: "tap_pool_full", limit: max, in_use: max, target: null } },
      expect.objectContaining({ type: "mailbox_error", data: expect.objectContaining({ fn: 5, status: MbxStatus.TAP_LIMIT, handle: h }) }),
    ]);
    fx.m.tap(taps[0]![0], taps[0]![1], false);
    expect(fx.m.tap(pid, h, true)).toBe(MbxStatus.OK);
    expect(fx.stats().tap_count).toBe(max);
  });

  it("limits never grow past the profile while resources churn", () => {
    const fx = new Fixture("embedded", false);
    const l = PROFILES.embedded.limits;
    for (let round = 0; round < 50; round++) {
      for (let pid = 1; pid <= 6; pid++) {
        for (let k = 0; k < 10; k++) fx.m.open(pid, `app:${(pid * 7 + k + round) % 20}`, k % 3);
        fx.m.bind(pid, `svc:s${round % 5}`, 0, 0);
      }
      const s = fx.stats();
      expect(s.active_descriptors).toBeLessThanOrEqual(l.max_descriptors);
      expect(s.handles_total).toBeLessThanOrEqual(l.max_handles);
      expect(s.name_bytes_used).toBeLessThanOrEqual(l.name_pool_bytes);
      for (const n of Object.values(s.handles_per_pid)) expect(n).toBeLessThanOrEqual(l.handles_per_pid);
      fx.m.taskExit(1 + (round % 6));
    }
  });
});
