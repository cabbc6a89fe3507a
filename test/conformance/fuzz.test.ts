import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, scratchDir } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("differential fuzzing (certify --fuzz)", () => {
  it("finds no divergence between the reference and itself (fixed seed)", async () => {
    const r = await runCli(["certify", "--fuzz", "60", "--seed", "20261122"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("fuzz isa: 60 random sequences, no divergence");
    expect(r.stdout).toContain("fuzz mailbox: 60 random sequences, no divergence");
  });

  it("shrinks a planted bug to a short sequence and writes it as a vector the reference passes and the bug fails", async () => {
    const s = scratchDir();
    cleanup = s.cleanup;
    const broken = `node ${join(REPO_ROOT, "dist/conformance/fakes/broken-reference.js")} --bug silent-hint`;
    const r = await runCli(["certify", "--fuzz", "100", "--seed", "3", "--impl", broken, "--fuzz-level", "mailbox", "--fuzz-out", s.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DIVERGENCE at step \d+ \(mbx\.send\) of a \d+-step sequence/);
    const files = readdirSync(s.dir);
    expect(files).toHaveLength(1);
    expect((await runCli(["certify", "--quiet", "--vectors", s.dir])).code).toBe(0);
    expect((await runCli(["certify", "--quiet", "--vectors", s.dir, "--impl", broken])).code).toBe(1);
  });
});
