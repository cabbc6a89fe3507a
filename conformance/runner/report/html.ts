import type { CertificationReport } from "../../../generated/ts/types/report.js";

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}h1{margin:0 0 .3em}
.ok{color:#15803d}.bad{color:#b91c1c}table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
th{background:#f6f6f6}.num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:3px;margin:.4em 0 1.2em}
.cell{font:11px monospace;padding:2px 5px;border-radius:3px}.cov{background:#dcfce7}.miss{background:#fee2e2;font-weight:bold}
.PASS{color:#15803d}.FAIL,.ERROR,.TIMEOUT,.XPASS{color:#b91c1c;font-weight:bold}.UNSUPPORTED,.XFAIL{color:#92400e}
details{margin:.2em 0}code{background:#f3f3f3;padding:0 .2em}`;

/**
 * A self-contained HTML report: verdict, totals, the spec-coverage matrix (every gated
 * item, green when covered with the vectors that cover it, red when missing) and results.
 */
export function htmlReport(rep: CertificationReport, byItem: ReadonlyMap<string, readonly string[]>): string {
  const t = rep.totals;
  const verdictClass = rep.verdict === "certified" ? "ok" : "bad";
  const parts: string[] = [];
  parts.push(`<!doctype html><html><head><meta charset="utf-8"><title>hsx-kit certification: ${esc(rep.implementation.name)}</title><style>${STYLE}</style></head><body>`);
  parts.push(`<h1>${esc(rep.implementation.name)} ${esc(rep.implementation.version)}</h1>`);
  parts.push(`<p class="${verdictClass}"><b>${rep.verdict.toUpperCase()}</b>: ${t.pass} of ${t.vectors} vectors passed (${(rep.duration_ms / 1000).toFixed(1)} s)</p>`);
  parts.push(`<p>Spec ${esc(rep.spec.name)} ${esc(rep.spec.version)} <code>${esc(rep.spec.hash)}</code>; adapter <code>${esc(rep.adapter.command)}</code>, protocol ${rep.adapter.protocol}; levels ${esc(rep.adapter.levels.join(", "))}; profiles ${esc(rep.adapter.profiles.join(", "))}.</p>`);
  parts.push("<table><tr>" + ["vectors", "PASS", "FAIL", "ERROR", "TIMEOUT", "UNSUPPORTED", "XFAIL", "XPASS"].map((h) => `<th>${h}</th>`).join("") + "</tr><tr>");
  parts.push([t.vectors, t.pass, t.fail, t.error, t.timeout, t.unsupported, t.xfail, t.xpass].map((n) => `<td class="num">${n}</td>`).join("") + "</tr></table>");
  if (rep.coverage) {
    parts.push(`<h2>Spec coverage: ${rep.coverage.covered}/${rep.coverage.total}</h2>`);
    const items = [...byItem.keys()].sort();
    for (const k of rep.coverage.kinds) {
      parts.push(`<h3>${esc(k.kind)} <small>${k.covered}/${k.total}</small></h3><div class="grid">`);
      for (const id of items.filter((i) => kindOf(i, k.kind))) {
        const vs = byItem.get(id) ?? [];
        const label = id.split(".").slice(-2).join(".");
        parts.push(`<span class="cell ${vs.length ? "cov" : "miss"}" title="${esc(id)}${vs.length ? `\ncovered by ${vs.length}: ${vs.slice(0, 12).join(", ")}${vs.length > 12 ? ", ..." : ""}` : "\nNOT COVERED"}">${esc(label)}</span>`);
      }
      parts.push("</div>");
    }
  }
  parts.push("<h2>Results</h2>");
  for (const level of [...new Set(rep.results.map((r) => r.level))]) {
    const rs = rep.results.filter((r) => r.level === level);
    const bad = rs.filter((r) => !["PASS", "UNSUPPORTED", "XFAIL"].includes(r.result)).length;
    parts.push(`<details${bad ? " open" : ""}><summary>${esc(level)}: ${rs.length} vectors, ${bad} unexpected</summary><table><tr><th>vector</th><th>result</th><th>ms</th><th>detail</th></tr>`);
    for (const r of rs) {
      const detail = r.result === "PASS" ? "" : `${esc(r.message ?? "")}${r.result !== "UNSUPPORTED" ? `<br><code>${esc(r.rerun)}</code>` : ""}`;
      parts.push(`<tr><td><code>${esc(r.id)}</code></td><td class="${r.result}">${r.result}</td><td class="num">${r.duration_ms.toFixed(2)}</td><td>${detail}</td></tr>`);
    }
    parts.push("</table></details>");
  }
  parts.push("</body></html>");
  return parts.join("\n") + "\n";
}

/** Item ids carry their kind implicitly; the coverage kinds map back to id prefixes. */
function kindOf(id: string, kind: string): boolean {
  switch (kind) {
    case "opcode":
      return id.startsWith("isa.opcode.");
    case "svc_function":
      return id.startsWith("svc.fn.");
    case "event":
      return id.startsWith("event.");
    case "profile_limit":
      return id.startsWith("profile.");
    case "transition":
      return id.startsWith("executive.transition.");
    default:
      return id.startsWith(`enum.${kind}.`);
  }
}
