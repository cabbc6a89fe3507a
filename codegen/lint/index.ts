import { sortDiagnostics, type Diagnostic, type LoadedSpec } from "../model/index.js";
import { LintContext } from "./context.js";
import { lintConstants } from "./constants.js";
import { lintConformance, lintCross } from "./cross.js";
import { lintEnums } from "./enums.js";
import { lintEvents } from "./events.js";
import { lintExecutive } from "./executive.js";
import { lintFields } from "./fields.js";
import { lintIsa } from "./isa.js";
import { lintProfiles } from "./profiles.js";
import { lintSemantics } from "./semantics.js";
import { lintStructs } from "./structs.js";
import { lintSvc } from "./svc.js";

const RULE_FAMILIES = [lintEnums, lintConstants, lintIsa, lintSvc, lintStructs, lintFields, lintEvents, lintExecutive, lintProfiles, lintSemantics, lintCross, lintConformance];

/** Semantic lint over a built model (lint layer 2). Returns every problem, sorted by position. */
export function lintModel(spec: LoadedSpec): Diagnostic[] {
  const ctx = new LintContext(spec);
  for (const family of RULE_FAMILIES) family(ctx);
  const seen = new Set<string>();
  return sortDiagnostics(ctx.diagnostics).filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
