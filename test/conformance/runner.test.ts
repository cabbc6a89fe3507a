import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateCertificationReport } from "../../generated/validators/index.js";
import type { CertificationReport } from "../../generated/ts/types/report.js";
import { REPO_ROOT, runCli, scratchDir } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const FAUX = `node ${join(REPO_ROOT, "dist/conformance/fakes/faux-adapter.js")}`;
const ISA_FEW = "id:isa.ADD.a1.b*";

function scratch(): string {
  const s = scratchDir();
  cleanup = s.cleanup;
  return s.dir;
}

async function certifyJson(args: string[]): Promise<{ code: number; report: CertificationReport | null; stdout: string; stderr: string }> {
  const dir = scratch();
  const json = join(dir, "report.json");
  const r = await runCli(["certify", "--quiet", "--json", json, ...args]);
  let report: CertificationReport | null = null;
  try {
    report = JSON.parse(readFileSync(json, "utf8")) as CertificationReport;
  } catch {
    report = null;
  }
  return { code: r.code, report, stdout: r.stdout, stderr: r.stderr };
}

describe("hsx-kit certify survives misbehaving adapters", () => {
  it("survives a crashing adapter: the vector is ERROR with its stderr, the adapter restarts and the run goes on", async () => {
    const r = await certifyJson(["--impl", `${FAUX} --crash-on isa.run`, "--filter", ISA_FEW]);
    expect(r.code).toBe(1);
    const results = r.report!.results;
    expect(results.length).toBeGreaterThan(3);
    for (const x of results) {
      expect(x.result).toBe("ERROR");
      expect(x.message).toContain("faux: crashing on isa.run");
    }
  });

  it("survives a hanging adapter: TIMEOUT after the per-vector timeout, then the next vector runs", async () => {
    const r = await certifyJson(["--impl", `${FAUX} --hang-on isa.state`, "--filter", "id:isa.ADD.a1.b1", "--filter", "id:isa.ADD.a1.b2", "--timeout", "300"]);
    expect(r.code).toBe(1);
    expect(r.report!.results.map((x) => x.result)).toEqual(["TIMEOUT", "TIMEOUT"]);
    expect(r.report!.results[0]!.message).toContain("within");
  });

  it("survives garbage on stdout and replies with the wrong seq", async () => {
    const g = await certifyJson(["--impl", `${FAUX} --garbage-on isa.state`, "--filter", ISA_FEW]);
    expect(new Set(g.report!.results.map((x) => x.result))).toEqual(new Set(["ERROR"]));
    expect(g.report!.results[0]!.message).toContain("not JSON");
    const s = await certifyJson(["--impl", `${FAUX} --wrong-seq-on isa.run`, "--filter", "id:isa.ADD.a1.b1"]);
    expect(s.report!.results[0]!.result).toBe("ERROR");
    expect(s.report!.results[0]!.message).toMatch(/seq \d+, expected \d+/);
  });

  it("survives replies split across writes and stderr noise", async () => {
    const r = await certifyJson(["--impl", `${FAUX} --split --stderr`, "--filter", ISA_FEW]);
    expect(r.code).toBe(0);
    expect(r.report!.verdict).toBe("certified");
  });

  it("refuses an adapter whose handshake fails, and one built from another spec unless allowed", async () => {
    const refused = await runCli(["certify", "--quiet", "--impl", `${FAUX} --no-hello`, "--filter", ISA_FEW]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refused the handshake");
    const mismatch = await runCli(["certify", "--quiet", "--impl", `${FAUX} --spec-hash ${"0".repeat(64)}`, "--filter", ISA_FEW]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain("--allow-spec-mismatch");
    const allowed = await certifyJson(["--impl", `${FAUX} --spec-hash ${"0".repeat(64)}`, "--allow-spec-mismatch", "--filter", ISA_FEW]);
    expect(allowed.code).toBe(0);
    expect(allowed.report!.adapter.spec_mismatch_allowed).toBe(true);
    const missing = await runCli(["certify", "--quiet", "--impl", "/nonexistent/adapter", "--filter", ISA_FEW]);
    expect(missing.code).toBe(2);
  });

  it("runs the reference through the stdio adapter the same as in process, with parallel jobs", async () => {
    const stdio = await certifyJson(["--impl", `node ${join(REPO_ROOT, "bin/hsx-kit.js")} adapter`, "--filter", "id:isa.SUB.*", "--jobs", "2"]);
    const inproc = await certifyJson(["--filter", "id:isa.SUB.*"]);
    expect(stdio.code).toBe(0);
    expect(stdio.report!.results.map((x) => [x.id, x.result])).toEqual(inproc.report!.results.map((x) => [x.id, x.result]));
  });
});

describe("expectations files", () => {
  function expectations(text: string): string {
    const dir = scratch();
    const p = join(dir, "exp.yaml");
    writeFileSync(p, text);
    return p;
  }

  it("turn known failures into XFAIL, report XPASS for entries that pass, and skip", async () => {
    const p = expectations(
      [
        "implementation: hsx-kit reference",
        "entries:",
        "  - { id: isa.ADD.a1.b1, expect: fail, reason: pretend it fails }",
        "  - { id: isa.ADD.a1.b2, expect: skip, reason: not today }",
      ].join("\n"),
    );
    const r = await certifyJson(["--expectations", p, "--filter", "id:isa.ADD.a1.b1", "--filter", "id:isa.ADD.a1.b2", "--filter", "id:isa.ADD.a1.b0"]);
    const by = Object.fromEntries(r.report!.results.map((x) => [x.id, x.result]));
    expect(by).toEqual({ "isa.ADD.a1.b0": "PASS", "isa.ADD.a1.b1": "XPASS", "isa.ADD.a1.b2": "UNSUPPORTED" });
    expect(r.code).toBe(1);
  });

  it("let a known deviation through as XFAIL with its reason, and the run still certifies", async () => {
    const p = expectations("implementation: hsx-kit reference\nentries:\n  - { id: isa.ADC.a0.b7fffffff.c1, expect: fail, reason: prototype V quirk, issue: https://example.invalid/1 }\n");
    const broken = `node ${join(REPO_ROOT, "dist/conformance/fakes/broken-reference.js")} --bug adc-overflow`;
    const r = await certifyJson(["--impl", broken, "--expectations", p, "--filter", "id:isa.ADC.a0.b7fffffff.c1", "--filter", "id:isa.ADC.a0.b0.c0"]);
    expect(r.code).toBe(0);
    const x = r.report!.results.find((v) => v.id === "isa.ADC.a0.b7fffffff.c1")!;
    expect(x.result).toBe("XFAIL");
    expect(x.expectation).toBe("prototype V quirk");
  });

  it("reject stale entries and a file written for another implementation", async () => {
    const stale = expectations("implementation: hsx-kit reference\nentries:\n  - { id: isa.NOPE.x, expect: fail, reason: gone }\n");
    const r1 = await runCli(["certify", "--quiet", "--expectations", stale, "--filter", ISA_FEW]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("stale entries name no vector of the suite: isa.NOPE.x");
    const other = expectations("implementation: someone else\nentries: []\n");
    const r2 = await runCli(["certify", "--quiet", "--expectations", other, "--filter", ISA_FEW]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('is for "someone else"');
  });
});

describe("reports", () => {
  it("writes JSON (schema-valid), JUnit, Markdown and a self-contained HTML coverage report", async () => {
    const dir = scratch();
    const r = await runCli(["certify", "--quiet", "--report", dir, "--filter", "level:mailbox", "--filter", ISA_FEW]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as unknown;
    expect(validateCertificationReport(rep)).toBe(true);
    const xml = readFileSync(join(dir, "report.xml"), "utf8");
    expect(xml).toMatch(/<testsuites [^>]*failures="0" errors="0"/);
    expect(xml).toContain('<testsuite name="mailbox"');
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("**Verdict: CERTIFIED**");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("Spec coverage");
    expect(html).toMatch(/class="cell cov" title="isa\.opcode\.ADD/);
    expect(html).not.toMatch(/<script src|<link /);
  });

  it("names the first differing field and how to re-run the vector alone", async () => {
    const broken = `node ${join(REPO_ROOT, "dist/conformance/fakes/broken-reference.js")} --bug adc-overflow`;
    const r = await certifyJson(["--impl", broken, "--filter", "id:isa.ADC.a0.b7fffffff.c1", "--timeout", "20000", "--vectors", join(REPO_ROOT, "conformance/vectors/isa")]);
    const f = r.report!.results[0]!;
    expect(f.result).toBe("FAIL");
    expect(f.failure).toEqual({ step: 2, op: "isa.state", path: "$.psw", expected: 12, actual: 4 });
    // The re-run line keeps what decides how the vector runs (suite, timeout), not the reports.
    expect(f.rerun).toBe(`hsx-kit certify --impl ${JSON.stringify(broken)} --vectors ${JSON.stringify(join(REPO_ROOT, "conformance/vectors/isa"))} --timeout 20000 --filter id:isa.ADC.a0.b7fffffff.c1`);
    expect(r.stdout).toContain("re-run: hsx-kit certify");
  });
});
