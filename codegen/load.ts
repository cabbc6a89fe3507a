import { lintModel } from "./lint/index.js";
import { modelOf, parseSpec, SpecError, type Diagnostic, type LoadedSpec } from "./model/index.js";

export interface LintResult {
  spec: LoadedSpec | null;
  diagnostics: Diagnostic[];
}

/** Parse, schema-check, build and lint a spec directory. Never throws on spec problems. */
export function lintSpec(specDir: string, base = process.cwd()): LintResult {
  const parsed = parseSpec(specDir, base);
  if (parsed.diagnostics.length) return { spec: null, diagnostics: parsed.diagnostics };
  const spec = modelOf(parsed);
  return { spec, diagnostics: lintModel(spec) };
}

/** A spec that passed lint; throws SpecError listing every problem otherwise. */
export function loadSpec(specDir: string, base = process.cwd()): LoadedSpec {
  const r = lintSpec(specDir, base);
  if (r.diagnostics.length || !r.spec) throw new SpecError(r.diagnostics);
  return r.spec;
}
