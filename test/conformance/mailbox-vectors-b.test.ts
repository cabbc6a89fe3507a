/**
 * Mailbox conformance vectors, part B (conformance/vectors/mailbox): fan-out delivery
 * and FANOUT_DROP/FANOUT_BLOCK, taps and tap rate limits, every mailbox-observable
 * profile limit at its boundary under each profile, task exit, and resource
 * monitoring (stats and snapshot). Every vector must be well formed, claim only what
 * its steps check, declare the optional features it uses, run under every profile
 * unless it pins one, and pass on the reference (hsx-kit certify).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { computeCoverage } from "../../conformance/runner/coverage.js";
import { certify } from "../../conformance/runner/run.js";
import { loadVectors, type Vector } from "../../conformance/runner/vectors.js";
import type { CertificationReport } from "../../generated/ts/types/report.js";
import { REPO_ROOT, runCli, SPEC_DIR, scratchDir } from "../helpers.js";

const MAILBOX_DIR = join(REPO_ROOT, "conformance", "vectors", "mailbox");

/** The files of part B, with the fewest vectors each must keep (vectors are never removed, only added). */
const FILES: Record<string, number> = {
  fanout: 21,
  "fanout-block": 10,
  taps: 17,
  "task-exit": 11,
  monitoring: 14,
  "quotas-desktop": 9,
  "quotas-cortex-m": 13,
  "quotas-embedded": 13,
};

/** The id area each file's vectors use: mbx.<area>.<slug>. */
const AREAS: Record<string, readonly string[]> = {
  fanout: ["fanout"],
  "fanout-block": ["fanblock"],
  taps: ["tap"],
  "task-exit": ["exit"],
  monitoring: ["monitor"],
  "quotas-desktop": ["quota", "taprate"],
  "quotas-cortex-m": ["quota", "taprate"],
  "quotas-embedded": ["quota", "taprate"],
};

/** The profile each quota file runs under (file-level profile). */
const QUOTA_FILES: Record<string, string> = { "quotas-desktop": "desktop", "quotas-cortex-m": "cortex_m", "quotas-embedded": "embedded" };

/**
 * Profile limits the mailbox level can observe; each must be covered, for every
 * profile, by a vector running under that profile. max_tasks, task_stack_bytes and
 * event_buffer_entries belong to the executive level.
 */
const MAILBOX_LIMITS = ["max_descriptors", "name_pool_bytes", "handles_per_pid", "max_handles", "default_capacity", "max_capacity", "max_taps", "tap_rate_limit"];
const PROFILES = ["desktop", "cortex_m", "embedded"];

const SVC_OPS: Record<string, string> = { OPEN: "mbx.open", BIND: "mbx.bind", SEND: "mbx.send", RECV: "mbx.recv", PEEK: "mbx.peek", TAP: "mbx.tap", CLOSE: "mbx.close" };

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function scratch(): string {
  const s = scratchDir("hsx-kit-mbx-vectors-b-");
  cleanups.push(s.cleanup);
  return s.dir;
}

const fileOf = (name: string) => `conformance/vectors/mailbox/${name}.yaml`;

interface Loaded {
  vectors: Vector[];
  byFile: Map<string, Vector[]>;
  problems: unknown[];
}

let cached: Loaded | undefined;

/** Part B's vectors, loaded once. */
function load(): Loaded {
  if (cached) return cached;
  const { vectors, problems } = loadVectors(
    Object.keys(FILES).map((n) => join(MAILBOX_DIR, `${n}.yaml`)),
    REPO_ROOT,
  );
  const byFile = new Map<string, Vector[]>();
  for (const v of vectors) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  cached = { vectors, byFile, problems };
  return cached;
}

describe("mailbox vectors, part B: well formed", () => {
  it("every file loads and matches the vector-file schema", () => {
    expect(load().problems).toEqual([]);
  });

  it("each file keeps its vectors, with stable mbx.<area>.<slug> ids unique across the whole suite", () => {
    const { vectors, byFile } = load();
    for (const [name, min] of Object.entries(FILES)) {
      const vs = byFile.get(fileOf(name)) ?? [];
      expect(vs.length, name).toBeGreaterThanOrEqual(min);
      for (const v of vs) {
        const m = /^mbx\.([a-z]+)\.[a-z0-9]+(-[a-z0-9]+)*$/.exec(v.id);
        expect(m, v.id).not.toBeNull();
        expect(AREAS[name], v.id).toContain(m![1]);
      }
    }
    const suite = loadVectors([join(REPO_ROOT, "conformance", "vectors")], REPO_ROOT);
    const mine = new Set(vectors.map((v) => v.id));
    expect(suite.problems.filter((p) => Object.keys(FILES).some((n) => p.file === fileOf(n)) || [...mine].some((id) => p.message.includes(id)))).toEqual([]);
    expect(suite.vectors.filter((v) => mine.has(v.id)).length).toBe(vectors.length);
  });

  it("every vector names only spec items that exist, and every gated claim is borne out by its steps", () => {
    const spec = loadSpec(SPEC_DIR, REPO_ROOT);
    const { vectors } = load();
    const ids = new Set(spec.model.items.map((i) => i.id));
    // Records and constants are spec items too, though not gated.
    const known = new Set([...ids, ...spec.positions.keys()]);
    for (const v of vectors) {
      expect(v.spec.filter((s) => !known.has(s)), v.id).toEqual([]);
      expect(new Set(v.spec).size, v.id).toBe(v.spec.length);
    }
    const cov = computeCoverage(spec.model, vectors, new Set(vectors.map((v) => v.id)));
    expect(cov.unverified).toEqual([]);
  });

  it("every vector names the mailbox SVC functions it performs", () => {
    const { vectors } = load();
    for (const v of vectors) {
      for (const [fn, op] of Object.entries(SVC_OPS)) {
        if (v.steps.some((s) => s.op === op)) expect(v.spec, `${v.id} performs ${op}`).toContain(`svc.fn.MAILBOX.${fn}`);
      }
    }
  });

  it("a vector requires the events feature exactly when it compares events, and stats exactly when it reads stats or a snapshot", () => {
    const { vectors } = load();
    for (const v of vectors) {
      const usesEvents = v.steps.some((s) => s.expect !== null && JSON.stringify(s.expect).includes('"events"'));
      const usesStats = v.steps.some((s) => s.op === "mbx.stats" || s.op === "mbx.snapshot");
      expect(v.features.includes("events"), `${v.id} events`).toBe(usesEvents);
      expect(v.features.includes("stats"), `${v.id} stats`).toBe(usesStats);
    }
  });

  it("the quota files run under their profile and claim only that profile's limits", () => {
    const { byFile } = load();
    for (const [name, profile] of Object.entries(QUOTA_FILES)) {
      for (const v of byFile.get(fileOf(name)) ?? []) {
        expect(v.profile, v.id).toBe(profile);
        expect(v.spec.filter((s) => s.startsWith("profile.") && !s.startsWith(`profile.${profile}.`)), v.id).toEqual([]);
      }
    }
  });

  it("every mailbox-observable limit of every profile is covered by a vector running under that profile", () => {
    const spec = loadSpec(SPEC_DIR, REPO_ROOT);
    const { vectors } = load();
    const cov = computeCoverage(spec.model, vectors, new Set(vectors.map((v) => v.id)));
    const missing = PROFILES.flatMap((p) => MAILBOX_LIMITS.map((l) => `profile.${p}.${l}`)).filter((id) => (cov.byItem.get(id) ?? []).length === 0);
    expect(missing).toEqual([]);
  });

  it("covers the fan-out and tap statuses, modes and events", () => {
    const spec = loadSpec(SPEC_DIR, REPO_ROOT);
    const { vectors } = load();
    const cov = computeCoverage(spec.model, vectors, new Set(vectors.map((v) => v.id)));
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

describe("mailbox vectors, part B: the reference passes them", () => {
  it("hsx-kit certify --filter file:... certifies the reference on every file of part B", async () => {
    const json = join(scratch(), "report.json");
    const filters = Object.keys(FILES).flatMap((n) => ["--filter", `file:${fileOf(n)}`]);
    const r = await runCli(["certify", "--quiet", "--json", json, ...filters]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(readFileSync(json, "utf8")) as CertificationReport;
    expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
    for (const [name, min] of Object.entries(FILES)) {
      expect(report.results.filter((x) => x.file === fileOf(name)).length, name).toBeGreaterThanOrEqual(min);
    }
    expect(report.verdict).toBe("certified");
    expect(r.code).toBe(0);
  });

  it("vectors that pin no profile pass under every profile (they stay within the smallest limits)", async () => {
    const spec = loadSpec(SPEC_DIR, REPO_ROOT);
    const { vectors } = load();
    const unpinned = vectors.filter((v) => v.profile === null);
    expect(unpinned.length).toBeGreaterThanOrEqual(55);
    for (const profile of PROFILES) {
      const report = await certify({
        impl: "reference",
        model: spec.model,
        specHash: spec.hash,
        vectors: unpinned.map((v) => ({ ...v, profile })),
        expectations: null,
        jobs: 1,
        timeoutMs: 10_000,
        allowSpecMismatch: false,
        runner: { name: "mailbox-vectors-b.test", version: "0" },
        rerunPrefix: "hsx-kit certify",
      });
      expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${profile} ${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
    }
  });
});
