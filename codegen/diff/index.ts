/**
 * The ABI diff: compare two loaded specs item by item, classify every change by the
 * table in rules.ts, and judge the version bump by spec/meta.yaml's versioning rules.
 * Pure: no file system, no process state (source.ts finds the specs, the CLI prints).
 */
import type { LoadedSpec } from "../model/index.js";
import { compareModels } from "./compare/spec.js";
import { DiffContext } from "./context.js";
import { sortChanges } from "./report.js";
import type { DiffReport } from "./types.js";
import { judge } from "./version.js";

export function diffSpecs(oldSpec: LoadedSpec, newSpec: LoadedSpec): DiffReport {
  const ctx = new DiffContext(oldSpec, newSpec);
  compareModels(ctx, oldSpec.model, newSpec.model);
  const changes = sortChanges(ctx.changes);
  const j = judge(oldSpec.model.version, newSpec.model.version, changes.map((c) => c.class));
  return {
    old: { version: oldSpec.model.version, hash: oldSpec.hash },
    new: { version: newSpec.model.version, hash: newSpec.hash },
    changes,
    required_bump: j.required,
    verdict: j.verdict,
    move: j.move,
    summary: j.summary,
  };
}

export { formatChange, reportJson, reportText } from "./report.js";
export { RULES, ruleTable, type RuleId } from "./rules.js";
export { resolveSpecSource, type SpecSource } from "./source.js";
export { DiffError, isDiffError } from "./types.js";
export type { Bump, ChangeClass, DiffChange, DiffReport, Verdict, VersionMove } from "./types.js";
