import type { CertificationReport } from "../../../generated/ts/types/report.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const RESULTS = ["PASS", "FAIL", "ERROR", "TIMEOUT", "UNSUPPORTED", "XFAIL", "XPASS"] as const;

/** A Markdown summary for pull requests and CI job pages. */
export function markdownReport(rep: CertificationReport): string {
  const lines: string[] = [];
  lines.push(`# Certification: ${rep.implementation.name} ${rep.implementation.version}`, "");
  lines.push(`**Verdict: ${rep.verdict.toUpperCase()}** — ${rep.totals.pass} of ${rep.totals.vectors} vectors passed in ${(rep.duration_ms / 1000).toFixed(1)} s.`, "");
  lines.push(`- Spec: ${rep.spec.name} ${rep.spec.version} (sha256 \`${rep.spec.hash}\`)`);
  lines.push(`- Adapter: \`${rep.adapter.command}\`, protocol ${rep.adapter.protocol}, built from spec \`${rep.adapter.spec_hash.slice(0, 12)}\`${rep.adapter.spec_mismatch_allowed ? " (mismatch allowed)" : ""}`);
  lines.push(`- Levels: ${rep.adapter.levels.join(", ") || "none"}; profiles: ${rep.adapter.profiles.join(", ") || "none"}; features: ${rep.adapter.features.join(", ") || "none"}`, "");
  const levels = [...new Set(rep.results.map((r) => r.level))];
  lines.push(`| level | ${RESULTS.join(" | ")} |`, `|---|${RESULTS.map(() => "---:").join("|")}|`);
  for (const l of levels) lines.push(`| ${l} | ${RESULTS.map((x) => rep.results.filter((r) => r.level === l && r.result === x).length).join(" | ")} |`);
  lines.push("");
  if (rep.coverage) {
    lines.push(`## Spec coverage: ${rep.coverage.covered}/${rep.coverage.total}`, "", "| item kind | covered | total |", "|---|---:|---:|");
    for (const k of rep.coverage.kinds) lines.push(`| ${k.kind} | ${k.covered} | ${k.total} |`);
    lines.push("");
    if (rep.coverage.missing.length) lines.push("Not covered: " + rep.coverage.missing.map((m) => `\`${m}\``).join(", "), "");
  }
  const bad = rep.results.filter((r) => ["FAIL", "ERROR", "TIMEOUT", "XPASS"].includes(r.result));
  if (bad.length) {
    lines.push(`## Unexpected results (${bad.length})`, "", "| result | vector | what | re-run |", "|---|---|---|---|");
    for (const r of bad) lines.push(`| ${r.result} | \`${r.id}\` | ${cell(r.message ?? "")} | \`${cell(r.rerun)}\` |`);
    lines.push("");
  }
  const known = rep.results.filter((r) => r.result === "XFAIL");
  if (known.length) {
    lines.push(`## Known deviations (${known.length})`, "", "| vector | reason |", "|---|---|");
    for (const r of known) lines.push(`| \`${r.id}\` | ${cell(r.expectation ?? "")} |`);
    lines.push("");
  }
  return lines.join("\n");
}
