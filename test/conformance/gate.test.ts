/**
 * The gates of `npm test`: the reference passes every vector of the suite with no
 * expectation entries, and every gated spec item (opcode, fault code, SVC function,
 * mailbox status, mode bit, event type, profile limit at its boundary, loader error,
 * allowed transition) is covered by a passing vector whose steps bear the claim out.
 * Also the main job (`npm start` = `hsx-kit all`) on a scratch copy of the repo.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, scratchDir } from "../helpers.js";

interface CoverageJson {
  covered: number;
  total: number;
  missing: string[];
  unverified: { vector: string; item: string; why: string }[];
  kinds: { kind: string; covered: number; total: number }[];
}

const scratch = scratchDir("hsx-kit-gate-");
afterAll(() => scratch.cleanup());

describe("gates", () => {
  it("spec coverage: no gated item is left without a passing vector, and no claim goes unverified", async () => {
    const r = await runCli(["coverage", "--json"]);
    expect(r.stderr).toBe("");
    const cov = JSON.parse(r.stdout) as CoverageJson;
    expect(cov.missing).toEqual([]);
    expect(cov.unverified).toEqual([]);
    expect(cov.covered).toBe(cov.total);
    for (const k of cov.kinds) expect(k.covered, k.kind).toBe(k.total);
    expect(r.code).toBe(0);
  });

  it("hsx-kit all (npm start) regenerates nothing, certifies the reference on the whole suite and prints verdict OK", async () => {
    // A scratch copy, so that the run cannot touch the checkout's generated/ files.
    for (const d of ["spec", "generated", "conformance/vectors"]) cpSync(join(REPO_ROOT, d), join(scratch.dir, d), { recursive: true });
    const r = await runCli(["all", "--root", scratch.dir]);
    expect(r.stderr).toBe("");
    const out = r.stdout;
    expect(out).toMatch(/generate +\d+ files under generated\/, 0 updated/);
    expect(out).toContain("generated/ is current");
    for (const level of ["isa", "hxe", "mailbox", "executive"]) expect(out).toMatch(new RegExp(`\\n  ${level} +(\\d+)/\\1 vectors pass`));
    expect(out).toMatch(/\nverdict: OK \(reference CERTIFIED: (\d+)\/\1 vectors in [\d.]+ s; spec coverage (\d+)\/\2\)\n$/);
    expect(r.code).toBe(0);
  });
});
