import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CertificationReport } from "../../../generated/ts/types/report.js";
import { validateCertificationReport } from "../../../generated/validators/index.js";
import { htmlReport } from "./html.js";
import { junitReport } from "./junit.js";
import { markdownReport } from "./markdown.js";

export { htmlReport, junitReport, markdownReport };

/** The JSON report, checked against its generated schema before it is written. */
export function jsonReport(rep: CertificationReport): string {
  if (!validateCertificationReport(rep)) throw new Error(`internal: the report does not match report.schema.json: ${JSON.stringify(validateCertificationReport.errors?.[0])}`);
  return JSON.stringify(rep, null, 2) + "\n";
}

export interface ReportTargets {
  dir?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  html?: string;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Write every requested report; `dir` writes all four with standard names. Returns the paths. */
export function writeReports(rep: CertificationReport, byItem: ReadonlyMap<string, readonly string[]>, t: ReportTargets): string[] {
  const plan: [string | undefined, () => string][] = [
    [t.json ?? (t.dir && join(t.dir, "report.json")), () => jsonReport(rep)],
    [t.junit ?? (t.dir && join(t.dir, "report.xml")), () => junitReport(rep)],
    [t.markdown ?? (t.dir && join(t.dir, "report.md")), () => markdownReport(rep)],
    [t.html ?? (t.dir && join(t.dir, "report.html")), () => htmlReport(rep, byItem)],
  ];
  const written: string[] = [];
  for (const [path, make] of plan) {
    if (!path) continue;
    write(path, make());
    written.push(path);
  }
  return written;
}
