/**
 * Mailbox conformance vectors, part A (conformance/vectors/mailbox): targets and
 * namespaces, lifecycle and handles, INVALID_ARGUMENT, access and pid: isolation,
 * the data path at capacity edges, timeouts, wake order, zero-length hints and the
 * core events. Every vector must be well formed, claim only what its steps check,
 * declare the optional features it uses, run under every profile unless it pins one,
 * and pass on the reference (hsx-kit certify).
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

/** The files of part A, with the fewest vectors each must keep (vectors are never removed, only added). */
const FILES: Record<string, number> = {
  targets: 21,
  lifecycle: 24,
  arguments: 12,
  access: 14,
  capacity: 15,
  timeouts: 21,
  "wake-order": 7,
  "zero-length": 9,
  "events-core": 9,
};

/** The id area each file's vectors use: mbx.<area>.<slug>. */
const AREAS: Record<string, readonly string[]> = {
  targets: ["target"],
  lifecycle: ["open", "bind", "lifetime", "handle"],
  arguments: ["arg"],
  access: ["access", "isolation"],
  capacity: ["capacity", "queue", "recv"],
  timeouts: ["timeout", "sendwait"],
  "wake-order": ["wake"],
  "zero-length": ["zero"],
  "events-core": ["event"],
};

const SVC_OPS: Record<string, string> = { OPEN: "mbx.open", BIND: "mbx.bind", SEND: "mbx.send", RECV: "mbx.recv", PEEK: "mbx.peek", TAP: "mbx.tap", CLOSE: "mbx.close" };

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function scratch(): string {
  const s = scratchDir("hsx-kit-mbx-vectors-a-");
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

/** Part A's vectors, loaded once. */
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

describe("mailbox vectors, part A: well formed", () => {
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
    for (const v of vectors) {
      expect(v.spec.filter((s) => !ids.has(s)), v.id).toEqual([]);
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
});

describe("mailbox vectors, part A: the reference passes them", () => {
  it("hsx-kit certify --filter file:... certifies the reference on every file of part A", async () => {
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
    expect(unpinned.length).toBeGreaterThan(100);
    for (const profile of ["desktop", "cortex_m", "embedded"]) {
      const report = await certify({
        impl: "reference",
        model: spec.model,
        specHash: spec.hash,
        vectors: unpinned.map((v) => ({ ...v, profile })),
        expectations: null,
        jobs: 1,
        timeoutMs: 10_000,
        allowSpecMismatch: false,
        runner: { name: "mailbox-vectors-a.test", version: "0" },
        rerunPrefix: "hsx-kit certify",
      });
      expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${profile} ${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
    }
  });
});
