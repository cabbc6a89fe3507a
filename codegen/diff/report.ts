/** Rendering a DiffReport: sorted changes, the JSON contract (fixed key order) and the text for people. */
import type { ChangeClass, DiffChange, DiffReport } from "./types.js";

export function sortChanges(changes: readonly DiffChange[]): DiffChange[] {
  return [...changes].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.item.localeCompare(b.item) ||
      a.location.col - b.location.col ||
      a.kind.localeCompare(b.kind) ||
      a.message.localeCompare(b.message),
  );
}

/** The machine-readable report; keys are written in this order whatever the objects hold. */
export function reportJson(r: DiffReport): unknown {
  return {
    old: { version: r.old.version, hash: r.old.hash },
    new: { version: r.new.version, hash: r.new.hash },
    changes: r.changes.map((c) => {
      const out: Record<string, unknown> = {
        class: c.class,
        kind: c.kind,
        item: c.item,
        location: { file: c.location.file, line: c.location.line, col: c.location.col },
        message: c.message,
      };
      if (c.old !== undefined) out.old = c.old;
      if (c.new !== undefined) out.new = c.new;
      return out;
    }),
    required_bump: r.required_bump,
    verdict: r.verdict,
  };
}

const CLASSES: ChangeClass[] = ["breaking", "compatible", "doc"];

export function formatChange(c: DiffChange): string {
  return `${c.location.file}:${c.location.line}:${c.location.col}: ${c.item}: ${c.message} [${c.kind}]`;
}

/** Text grouped by class (breaking first), ending with the verdict line. */
export function reportText(r: DiffReport, labels: { old: string; new: string }): string {
  const lines = [`old: ${labels.old}: version ${r.old.version} (sha256 ${r.old.hash.slice(0, 12)})`, `new: ${labels.new}: version ${r.new.version} (sha256 ${r.new.hash.slice(0, 12)})`];
  for (const cls of CLASSES) {
    const group = r.changes.filter((c) => c.class === cls);
    if (group.length === 0) continue;
    lines.push("", `${cls} (${group.length}):`, ...group.map((c) => `  ${formatChange(c)}`));
  }
  if (r.changes.length === 0) lines.push("", "no changes");
  lines.push("", r.summary);
  return lines.join("\n") + "\n";
}
