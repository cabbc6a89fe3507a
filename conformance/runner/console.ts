import type { CertificationReport, ReportResult } from "../../generated/ts/types/report.js";

/** A one-line progress bar for terminals; silent otherwise. */
export class Progress {
  private last = 0;
  constructor(
    private readonly write: (s: string) => void,
    private readonly enabled: boolean,
  ) {}

  update(r: ReportResult, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done !== total && now - this.last < 50) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    this.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${r.id.slice(0, 50).padEnd(50)}`);
    if (done === total) this.write("\n");
  }
}

const ORDER = ["PASS", "FAIL", "ERROR", "TIMEOUT", "UNSUPPORTED", "XFAIL", "XPASS"] as const;

/** The human summary: counts per level, each unexpected result with its first difference. */
export function summarize(rep: CertificationReport, opts: { partial?: boolean; maxFailures?: number } = {}): string {
  const maxFailures = opts.maxFailures ?? 20;
  const lines: string[] = [];
  lines.push(`implementation: ${rep.implementation.name} ${rep.implementation.version} (${rep.adapter.command})`);
  lines.push(`spec: ${rep.spec.name} ${rep.spec.version} (sha256 ${rep.spec.hash.slice(0, 12)})${rep.adapter.spec_mismatch_allowed ? ` — adapter built from ${rep.adapter.spec_hash.slice(0, 12)} (mismatch allowed)` : ""}`);
  const levels = [...new Set(rep.results.map((r) => r.level))];
  const head = ["level", ...ORDER];
  const rows = levels.map((l) => [l, ...ORDER.map((o) => String(rep.results.filter((r) => r.level === l && r.result === o).length))]);
  rows.push(["total", ...ORDER.map((o) => String(rep.results.filter((r) => r.result === o).length))]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  lines.push("", [head, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ")).join("\n"));
  const bad = rep.results.filter((r) => ["FAIL", "ERROR", "TIMEOUT", "XPASS"].includes(r.result));
  if (bad.length) {
    lines.push("", `unexpected results (${bad.length}):`);
    for (const r of bad.slice(0, maxFailures)) {
      lines.push(`  ${r.result} ${r.id}  [${r.file}]`, `    ${r.message ?? ""}`, `    re-run: ${r.rerun}`);
    }
    if (bad.length > maxFailures) lines.push(`  ... and ${bad.length - maxFailures} more (see the report)`);
  }
  if (rep.coverage) {
    lines.push("", `spec coverage${opts.partial ? " of this selection" : ""}: ${rep.coverage.covered}/${rep.coverage.total} gated items (${rep.coverage.kinds.map((k) => `${k.kind} ${k.covered}/${k.total}`).join(", ")})`);
    if (rep.coverage.missing.length && !opts.partial) lines.push(`  missing: ${rep.coverage.missing.slice(0, 30).join(", ")}${rep.coverage.missing.length > 30 ? ", ..." : ""}`);
  }
  lines.push("", `verdict: ${rep.verdict.toUpperCase()} (${rep.totals.pass} passed of ${rep.totals.vectors} vectors in ${(rep.duration_ms / 1000).toFixed(1)} s)`);
  return lines.join("\n") + "\n";
}
