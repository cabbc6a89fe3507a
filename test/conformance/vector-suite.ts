// The checks every hand-written group of vector files must pass: well formed, stable
// ids, claims borne out by the steps, the SVC functions and features they use declared,
// and certified on the reference with no expectation entries, unpinned vectors under
// every profile. Each group's test file adds its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { computeCoverage, type CoverageResult } from "../../conformance/runner/coverage.js";
import { fromHex } from "../../conformance/adapters/hex.js";
import { prepareArgs } from "../../conformance/runner/prepare.js";
import { certify } from "../../conformance/runner/run.js";
import { loadVectors, type Vector } from "../../conformance/runner/vectors.js";
import type { CertificationReport } from "../../generated/ts/types/report.js";
import { readHxe } from "../../src/hxe/index.js";
import { REPO_ROOT, runCli, SPEC_DIR, scratchDir } from "../helpers.js";

export const PROFILES = ["desktop", "cortex_m", "embedded"] as const;

const SVC_OPS: Record<string, string> = { OPEN: "mbx.open", BIND: "mbx.bind", SEND: "mbx.send", RECV: "mbx.recv", PEEK: "mbx.peek", TAP: "mbx.tap", CLOSE: "mbx.close" };

export interface VectorGroup {
  /** Names the group in test titles, e.g. "part A". */
  name: string;
  /** Folder under conformance/vectors, which is also the level of its vectors. */
  folder: "mailbox" | "executive";
  /** File stem -> fewest vectors it must keep (vectors are never removed, only added). */
  files: Record<string, number>;
  /** File stem -> the id areas its vectors use: mbx.<area>.<slug> or exec.<area>.<slug>. */
  areas: Record<string, readonly string[]>;
  /** Fewest vectors that pin no profile. */
  minUnpinned: number;
}

const ID_PATTERN = { mailbox: /^mbx\.([a-z]+)\.[a-z0-9]+(-[a-z0-9]+)*$/, executive: /^exec\.([a-z]+)\.[a-z0-9_]+([.-][a-z0-9_]+)*$/ };

/** The SVC immediates (module << 8 | function) in the code of every image a vector loads. */
export function svcWords(v: Vector): Set<number> {
  const out = new Set<number>();
  for (const s of v.steps) {
    if (s.op !== "exec.load") continue;
    let code: Uint8Array;
    try {
      code = readHxe(fromHex(prepareArgs(s.op, s.args, v.id).image)).code;
    } catch {
      continue; // not assembled here, or an image the loader refuses (IMAGE vectors)
    }
    for (let i = 0; i + 4 <= code.length; i += 4) {
      const w = ((code[i]! << 24) | (code[i + 1]! << 16) | (code[i + 2]! << 8) | code[i + 3]!) >>> 0;
      if (w >>> 24 === 0x30) out.add(w & 0xfff);
    }
  }
  return out;
}

/** Does the vector depend on the events feature: it compares events or reads the history. */
const usesEvents = (v: Vector) => v.steps.some((s) => s.op === "exec.history" || (s.expect !== null && JSON.stringify(s.expect).includes('"events"')));

export interface Loaded {
  vectors: Vector[];
  byFile: Map<string, Vector[]>;
  problems: unknown[];
}

export interface VectorSuite {
  fileOf(stem: string): string;
  load(): Loaded;
  /** Coverage as if every vector of the group passed. */
  coverage(): CoverageResult;
  spec(): ReturnType<typeof loadSpec>;
}

/** Registers the shared tests of one group and returns its loader for the group's own tests. */
export function describeVectorGroup(g: VectorGroup): VectorSuite {
  const fileOf = (stem: string) => `conformance/vectors/${g.folder}/${stem}.yaml`;
  const idPattern = ID_PATTERN[g.folder];
  const spec = () => (specCache ??= loadSpec(SPEC_DIR, REPO_ROOT));
  let specCache: ReturnType<typeof loadSpec> | undefined;
  let cached: Loaded | undefined;
  const load = (): Loaded => {
    if (cached) return cached;
    const { vectors, problems } = loadVectors(Object.keys(g.files).map((n) => join(REPO_ROOT, fileOf(n))), REPO_ROOT);
    const byFile = new Map<string, Vector[]>();
    for (const v of vectors) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
    return (cached = { vectors, byFile, problems });
  };
  const coverage = () => {
    const { vectors } = load();
    return computeCoverage(spec().model, vectors, new Set(vectors.map((v) => v.id)));
  };

  let cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups) c();
    cleanups = [];
  });

  describe(`${g.folder} vectors, ${g.name}: well formed`, () => {
    it("every file loads and matches the vector-file schema", () => {
      expect(load().problems).toEqual([]);
    });

    it("each file keeps its vectors, all of the folder's level, with stable <level>.<area>.<slug> ids unique across the whole suite", () => {
      const { vectors, byFile } = load();
      for (const [name, min] of Object.entries(g.files)) {
        const vs = byFile.get(fileOf(name)) ?? [];
        expect(vs.length, name).toBeGreaterThanOrEqual(min);
        for (const v of vs) {
          expect(v.level, v.id).toBe(g.folder);
          const m = idPattern.exec(v.id);
          expect(m, v.id).not.toBeNull();
          expect(g.areas[name], v.id).toContain(m![1]);
        }
      }
      const suite = loadVectors([join(REPO_ROOT, "conformance", "vectors")], REPO_ROOT);
      const mine = new Set(vectors.map((v) => v.id));
      const ours = suite.problems.filter((p) => Object.keys(g.files).some((n) => p.file === fileOf(n)) || [...mine].some((id) => p.message.includes(id)));
      expect(ours).toEqual([]);
      expect(suite.vectors.filter((v) => mine.has(v.id)).length).toBe(vectors.length);
    });

    it("every vector names only spec items that exist, and every gated claim is borne out by its steps", () => {
      const s = spec();
      // Records and constants are spec items too, though not gated.
      const known = new Set([...s.model.items.map((i) => i.id), ...s.positions.keys()]);
      for (const v of load().vectors) {
        expect(v.spec.length, v.id).toBeGreaterThan(0);
        expect(v.spec.filter((id) => !known.has(id)), v.id).toEqual([]);
        expect(new Set(v.spec).size, v.id).toBe(v.spec.length);
      }
      expect(coverage().unverified).toEqual([]);
    });

    it("every vector names the SVC functions it performs: mailbox operations, or the SVC words of the images it loads", () => {
      const { model } = spec();
      for (const v of load().vectors) {
        for (const [fn, op] of Object.entries(SVC_OPS)) {
          if (v.steps.some((s) => s.op === op)) expect(v.spec, `${v.id} performs ${op}`).toContain(`svc.fn.MAILBOX.${fn}`);
        }
        for (const imm of svcWords(v)) {
          const m = model.svc.modules.find((x) => x.number === imm >> 8);
          const f = m?.functions.find((x) => x.number === (imm & 0xff));
          if (m && f) expect(v.spec, `${v.id} issues SVC ${m.name}.${f.name}`).toContain(`svc.fn.${m.name}.${f.name}`);
        }
      }
    });

    it("a vector requires the events feature exactly when it compares events or reads the history, and stats exactly when it reads mailbox stats or a snapshot", () => {
      for (const v of load().vectors) {
        const usesStats = v.steps.some((s) => s.op === "mbx.stats" || s.op === "mbx.snapshot");
        expect(v.features.includes("events"), `${v.id} events`).toBe(usesEvents(v));
        expect(v.features.includes("stats"), `${v.id} stats`).toBe(usesStats);
      }
    });
  });

  describe(`${g.folder} vectors, ${g.name}: the reference passes them`, () => {
    it(`hsx-kit certify --filter file:... certifies the reference on every file of ${g.name}, with no expectation entries`, async () => {
      const s = scratchDir(`hsx-kit-${g.folder}-vectors-`);
      cleanups.push(s.cleanup);
      const json = join(s.dir, "report.json");
      const filters = Object.keys(g.files).flatMap((n) => ["--filter", `file:${fileOf(n)}`]);
      const r = await runCli(["certify", "--quiet", "--json", json, ...filters]);
      expect(r.stderr).toBe("");
      const report = JSON.parse(readFileSync(json, "utf8")) as CertificationReport;
      expect(report.implementation.name).toBe("hsx-kit reference");
      expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
      for (const [name, min] of Object.entries(g.files)) {
        expect(report.results.filter((x) => x.file === fileOf(name)).length, name).toBeGreaterThanOrEqual(min);
      }
      expect(report.verdict).toBe("certified");
      expect(r.code).toBe(0);
    });

    it("vectors that pin no profile pass under every profile (they stay within the smallest limits)", async () => {
      const s = spec();
      const unpinned = load().vectors.filter((v) => v.profile === null);
      expect(unpinned.length).toBeGreaterThanOrEqual(g.minUnpinned);
      for (const profile of PROFILES) {
        const report = await certify({
          impl: "reference",
          model: s.model,
          specHash: s.hash,
          vectors: unpinned.map((v) => ({ ...v, profile })),
          expectations: null,
          jobs: 1,
          timeoutMs: 10_000,
          allowSpecMismatch: false,
          runner: { name: `${g.folder}-vectors ${g.name}`, version: "0" },
          rerunPrefix: "hsx-kit certify",
        });
        expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${profile} ${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
      }
    });
  });

  return { fileOf, load, coverage, spec };
}
