import type { CertificationReport } from "../../../generated/ts/types/report.js";

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** JUnit XML: one testsuite per level, one testcase per vector (CI systems read this). */
export function junitReport(rep: CertificationReport): string {
  const levels = [...new Set(rep.results.map((r) => r.level))];
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const t = rep.totals;
  out.push(`<testsuites name="hsx-kit certify ${esc(rep.implementation.name)}" tests="${t.vectors}" failures="${t.fail + t.xpass}" errors="${t.error + t.timeout}" skipped="${t.unsupported + t.xfail}" time="${(rep.duration_ms / 1000).toFixed(3)}">`);
  for (const l of levels) {
    const rs = rep.results.filter((r) => r.level === l);
    const n = (k: string[]) => rs.filter((r) => k.includes(r.result)).length;
    const time = rs.reduce((a, r) => a + r.duration_ms, 0) / 1000;
    out.push(`  <testsuite name="${esc(l)}" tests="${rs.length}" failures="${n(["FAIL", "XPASS"])}" errors="${n(["ERROR", "TIMEOUT"])}" skipped="${n(["UNSUPPORTED", "XFAIL"])}" time="${time.toFixed(3)}">`);
    for (const r of rs) {
      const open = `    <testcase classname="${esc(r.file)}" name="${esc(r.id)}" time="${(r.duration_ms / 1000).toFixed(4)}"`;
      const msg = esc(r.message ?? "");
      const body = esc(`${r.message ?? ""}\nre-run: ${r.rerun}`);
      switch (r.result) {
        case "PASS":
          out.push(`${open}/>`);
          break;
        case "FAIL":
        case "XPASS":
          out.push(`${open}>`, `      <failure type="${r.result}" message="${msg}">${body}</failure>`, "    </testcase>");
          break;
        case "ERROR":
        case "TIMEOUT":
          out.push(`${open}>`, `      <error type="${r.result}" message="${msg}">${body}</error>`, "    </testcase>");
          break;
        default:
          out.push(`${open}>`, `      <skipped message="${esc(`${r.result}: ${r.message ?? r.expectation ?? ""}`)}"/>`, "    </testcase>");
      }
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
