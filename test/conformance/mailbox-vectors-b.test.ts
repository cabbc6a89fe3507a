/**
 * Mailbox conformance vectors, part B (conformance/vectors/mailbox): fan-out delivery
 * and FANOUT_DROP/FANOUT_BLOCK, taps and tap rate limits, every mailbox-observable
 * profile limit at its boundary under each profile, task exit, and resource
 * monitoring (stats and snapshot). The shared checks live in vector-suite.ts.
 */
import { describe, expect, it } from "vitest";
import { describeVectorGroup, PROFILES } from "./vector-suite.js";

/** The profile each quota file runs under (file-level profile). */
const QUOTA_FILES: Record<string, string> = { "quotas-desktop": "desktop", "quotas-cortex-m": "cortex_m", "quotas-embedded": "embedded" };

/**
 * Profile limits the mailbox level can observe without optional features; each must
 * be covered, for every profile, by a vector running under that profile. max_tasks,
 * task_stack_bytes and event_buffer_entries belong to the executive level.
 */
const MAILBOX_LIMITS = ["max_descriptors", "name_pool_bytes", "handles_per_pid", "max_handles", "default_capacity", "max_capacity", "max_taps", "tap_rate_limit"];

const suite = describeVectorGroup({
  name: "part B",
  folder: "mailbox",
  files: {
    fanout: 21,
    "fanout-block": 10,
    taps: 17,
    "task-exit": 11,
    monitoring: 14,
    "quotas-desktop": 9,
    "quotas-cortex-m": 13,
    "quotas-embedded": 13,
  },
  areas: {
    fanout: ["fanout"],
    "fanout-block": ["fanblock"],
    taps: ["tap"],
    "task-exit": ["exit"],
    monitoring: ["monitor"],
    "quotas-desktop": ["quota", "taprate"],
    "quotas-cortex-m": ["quota", "taprate"],
    "quotas-embedded": ["quota", "taprate"],
  },
  minUnpinned: 55,
});

describe("mailbox vectors, part B: what the group must cover", () => {
  it("the quota files run under their profile and claim only that profile's limits", () => {
    const { byFile } = suite.load();
    for (const [name, profile] of Object.entries(QUOTA_FILES)) {
      for (const v of byFile.get(suite.fileOf(name)) ?? []) {
        expect(v.profile, v.id).toBe(profile);
        expect(v.spec.filter((s) => s.startsWith("profile.") && !s.startsWith(`profile.${profile}.`)), v.id).toEqual([]);
      }
    }
  });

  it("every mailbox-observable limit of every profile is covered by a vector running under that profile", () => {
    const cov = suite.coverage();
    const missing = PROFILES.flatMap((p) => MAILBOX_LIMITS.map((l) => `profile.${p}.${l}`)).filter((id) => (cov.byItem.get(id) ?? []).length === 0);
    expect(missing).toEqual([]);
  });

  it("covers the fan-out and tap statuses, modes and events", () => {
    const cov = suite.coverage();
    const wanted = [
      "enum.mbx_mode.FANOUT",
      "enum.mbx_mode.FANOUT_DROP",
      "enum.mbx_mode.FANOUT_BLOCK",
      "enum.mbx_status.WOULDBLOCK",
      "enum.mbx_status.TIMEOUT",
      "enum.mbx_status.NO_DESCRIPTOR",
      "enum.mbx_status.HANDLE_QUOTA",
      "enum.mbx_status.TAP_LIMIT",
      "enum.mbx_status.ACCESS_DENIED",
      "event.mailbox_overrun",
      "event.mailbox_backpressure",
      "event.mailbox_exhausted",
      "event.mailbox_timeout",
      "event.mailbox_wake",
    ];
    expect(wanted.filter((id) => (cov.byItem.get(id) ?? []).length === 0)).toEqual([]);
  });
});
