import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildModel, type Positions } from "./build.js";
import { canonicalJson, sha256Hex } from "./canonical.js";
import { SpecError, sortDiagnostics, type Diagnostic } from "./diagnostic.js";
import type { RawSpec } from "./raw.js";
import { SPEC_KINDS, SpecSchemas, type SpecKind } from "./schema-check.js";
import { posOf, readSpecDir, type SourceFile } from "./source.js";
import type { Domain, Model } from "./types.js";

export type { Model } from "./types.js";
export type { Diagnostic, Pos } from "./diagnostic.js";
export { SpecError, isSpecError, formatDiagnostic, sortDiagnostics } from "./diagnostic.js";
export type { Positions } from "./build.js";

/** A loaded spec: the model, its hash, and where each item came from. */
export interface LoadedSpec {
  model: Model;
  /** sha256 of the canonical JSON of the model. */
  hash: string;
  canonical: string;
  positions: Positions;
  files: Record<Domain, SourceFile>;
}

export interface ParsedSpec {
  files: Partial<Record<SpecKind, SourceFile>>;
  diagnostics: Diagnostic[];
}

/** Parse and schema-check every file of a spec directory (lint layer 1). */
export function parseSpec(specDir: string, base = process.cwd()): ParsedSpec {
  const dir = resolve(specDir);
  const schemaDir = join(dir, "schema");
  if (!existsSync(schemaDir)) throw new Error(`${specDir}: no schema/ directory with the spec-language schemas`);
  const schemas = new SpecSchemas(schemaDir);
  const { files, diagnostics } = readSpecDir(dir, base);
  const byKind: Partial<Record<SpecKind, SourceFile>> = {};
  for (const f of files) {
    if (f.data === undefined) continue;
    const ds = schemas.check(f);
    diagnostics.push(...ds);
    if (ds.length) continue;
    const kind = (f.data as { kind: SpecKind }).kind;
    const prior = byKind[kind];
    if (prior) {
      diagnostics.push({ code: "spec.duplicate-kind", ...posOf(f, ["kind"]), message: `a second "${kind}" file (the first is ${prior.path})` });
      continue;
    }
    byKind[kind] = f;
  }
  if (files.length === 0) diagnostics.push({ code: "spec.empty", file: specDir, line: 1, col: 1, message: "no .yaml files" });
  for (const kind of SPEC_KINDS) {
    const haveFileOfKind = files.some((f) => (f.data as { kind?: unknown } | undefined)?.kind === kind);
    if (!byKind[kind] && !haveFileOfKind) {
      diagnostics.push({ code: "spec.missing-kind", file: specDir, line: 1, col: 1, message: `no file of kind "${kind}"` });
    }
  }
  return { files: byKind, diagnostics: sortDiagnostics(diagnostics) };
}

/** Build the model from a parsed spec whose files are all present and schema-valid. */
export function modelOf(parsed: ParsedSpec): LoadedSpec {
  if (parsed.diagnostics.length) throw new SpecError(parsed.diagnostics);
  const files = parsed.files as Record<Domain, SourceFile>;
  const raw = Object.fromEntries(SPEC_KINDS.map((k) => [k, files[k].data])) as unknown as RawSpec;
  const { model, positions } = buildModel(raw, files);
  const canonical = canonicalJson(model);
  return { model, hash: sha256Hex(canonical), canonical, positions, files };
}
