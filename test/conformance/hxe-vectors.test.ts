/**
 * The HXE loader vectors (conformance/vectors/hxe) are the output of
 * conformance/scripts/hxe-vectors.ts: the committed files must be byte-identical to a
 * fresh run, every vector must be well formed and claim only what its steps check, and
 * the reference must pass them (hsx-kit certify --filter level:hxe).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { computeCoverage } from "../../conformance/runner/coverage.js";
import { loadVectors } from "../../conformance/runner/vectors.js";
import { renderVectorFiles, vectorFiles } from "../../conformance/scripts/hxe-vectors.js";
import { REPO_ROOT, runCli, SPEC_DIR, scratchDir } from "../helpers.js";

const HXE_DIR = join(REPO_ROOT, "conformance", "vectors", "hxe");
const SCRIPT = join(REPO_ROOT, "dist", "conformance", "scripts", "hxe-vectors.js");

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function scratch(): string {
  const s = scratchDir("hsx-kit-hxe-vectors-");
  cleanups.push(s.cleanup);
  return s.dir;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort();
}

describe("the HXE vector files are the output of their generator", () => {
  it("node dist/conformance/scripts/hxe-vectors.js OUTDIR writes exactly the committed files, the same on every run", () => {
    const runs = [scratch(), scratch()].map((dir) => {
      const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^hxe-vectors: \d+ vectors in \d+ files under /);
      return dir;
    });
    const committed = yamlFiles(HXE_DIR);
    expect(committed.length).toBeGreaterThan(0);
    for (const dir of runs) {
      expect(yamlFiles(dir)).toEqual(committed);
      for (const name of committed) {
        const fresh = readFileSync(join(dir, name), "utf8");
        const stored = readFileSync(join(HXE_DIR, name), "utf8");
        // A plain toBe would print two huge strings; name the file and the first differing line instead.
        const a = fresh.split("\n");
        const b = stored.split("\n");
        const line = a.findIndex((l, i) => l !== b[i]);
        expect({ file: name, firstDifferingLine: line < 0 && a.length === b.length ? null : line + 1 }).toEqual({ file: name, firstDifferingLine: null });
      }
    }
  });

  it("renders in process to the same text, and every file starts with a comment naming the script", () => {
    const rendered = renderVectorFiles();
    expect([...rendered.keys()].sort()).toEqual(yamlFiles(HXE_DIR));
    for (const [name, text] of rendered) {
      expect(text.startsWith("# HXE loader vectors")).toBe(true);
      expect(text).toContain("conformance/scripts/hxe-vectors.ts");
      expect(text === readFileSync(join(HXE_DIR, name), "utf8")).toBe(true);
    }
  });
});

describe("the HXE vectors are well formed and claim only what they check", () => {
  const spec = loadSpec(SPEC_DIR, REPO_ROOT);
  const { vectors, problems } = loadVectors([HXE_DIR], REPO_ROOT);

  it("load without problems: schema-valid, unique ids, hxe.load steps only", () => {
    expect(problems).toEqual([]);
    expect(vectors.length).toBe(vectorFiles().reduce((n, f) => n + f.vectors.length, 0));
    for (const v of vectors) {
      expect(v.level).toBe("hxe");
      expect(v.steps.map((s) => s.op)).toEqual(["hxe.load"]);
    }
  });

  it("have ids hxe.<theme>.<slug> whose theme matches their file", () => {
    const themeOf = new Map(vectorFiles().map((f) => [`conformance/vectors/hxe/${f.name}`, f.theme]));
    for (const v of vectors) {
      expect(v.id).toMatch(/^hxe\.[a-z]+\.[a-z0-9][a-z0-9.-]*$/);
      expect(v.id.split(".")[1]).toBe(themeOf.get(v.file));
    }
  });

  it("name only spec items that exist", () => {
    const known = new Set([...spec.positions.keys(), ...spec.model.items.map((i) => i.id)]);
    const unknown = vectors.flatMap((v) => v.spec.filter((s) => !known.has(s)).map((s) => `${v.id}: ${s}`));
    expect(unknown).toEqual([]);
  });

  it("cover every hxe_error code with a vector that expects it, and every claim is borne out by the steps", () => {
    const cov = computeCoverage(spec.model, vectors, new Set(vectors.map((v) => v.id)));
    expect(cov.unverified).toEqual([]);
    const codes = spec.model.items.filter((i) => i.kind === "hxe_error");
    expect(codes.length).toBe(29);
    for (const c of codes) expect({ code: c.id, vectors: cov.byItem.get(c.id)!.length > 0 }).toEqual({ code: c.id, vectors: true });
    // Expected results of valid images are complete; errors name an hxe_error value.
    for (const v of vectors) {
      const e = v.steps[0]!.expect!;
      if (e.error === null) expect(Object.keys(e)).toEqual(["error", "version", "flags", "entry", "code_len", "ro_len", "app_name", "mailboxes", "values", "commands"]);
      else expect(Object.keys(e)).toEqual(["error"]);
    }
  });

  it("include check-order vectors for every adjacent pair of header checks that can fail together", () => {
    const order = vectors.filter((v) => v.id.startsWith("hxe.order.")).map((v) => v.steps[0]!.expect!.error);
    for (const winner of ["TOO_SMALL", "V2_TRUNCATED", "RESERVED_NONZERO", "APP_NAME_NOT_ASCII", "UNSUPPORTED_VERSION", "BAD_MAGIC", "CODE_TOO_LARGE", "RODATA_TOO_LARGE", "BSS_TOO_LARGE", "CODE_MISALIGNED", "ENTRY_MISALIGNED", "CRC_MISMATCH", "TRUNCATED", "ENTRY_OUT_OF_RANGE", "META_OVERLAP", "META_TABLE_BOUNDS", "META_SECTION_BOUNDS"])
      expect({ winner, present: order.includes(winner) }).toEqual({ winner, present: true });
  });
});

describe("the reference passes the HXE vectors", () => {
  it("hsx-kit certify --filter level:hxe certifies the reference, with no expectation entries", async () => {
    const dir = scratch();
    const json = join(dir, "report.json");
    const r = await runCli(["certify", "--quiet", "--filter", "level:hxe", "--json", json]);
    let report: { verdict: string; results: { id: string; result: string; message: string | null }[] };
    try {
      report = JSON.parse(readFileSync(json, "utf8")) as typeof report;
    } catch {
      throw new Error(`certify wrote no report (exit ${r.code}): ${r.stderr}`);
    }
    const bad = report.results.filter((x) => x.result !== "PASS").map((x) => `${x.result} ${x.id}: ${x.message}`);
    expect(bad).toEqual([]);
    expect(report.verdict).toBe("certified");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hxe_error 29/29");
  });
});
