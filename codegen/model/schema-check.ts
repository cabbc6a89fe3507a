import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Diagnostic } from "./diagnostic.js";
import { pointerToPath, posOf, type SourceFile } from "./source.js";

export const SPEC_KINDS = ["meta", "isa", "svc", "mailbox", "events", "executive", "profiles", "hxe", "conformance"] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

export function isSpecKind(k: unknown): k is SpecKind {
  return typeof k === "string" && (SPEC_KINDS as readonly string[]).includes(k);
}

/** Compiled JSON Schemas of the spec language (spec/schema/*.schema.json), one per file kind. */
export class SpecSchemas {
  private readonly validators = new Map<SpecKind, ValidateFunction>();

  constructor(schemaDir: string) {
    // optimize: false halves compile time; validation speed does not matter for a few small files.
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { optimize: false } });
    const names = readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json")).sort();
    for (const n of names) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, n), "utf8")) as object, n);
    for (const kind of SPEC_KINDS) {
      const v = ajv.getSchema(`${kind}.schema.json`);
      if (!v) throw new Error(`missing spec schema ${kind}.schema.json in ${schemaDir}`);
      this.validators.set(kind, v);
    }
  }

  check(file: SourceFile): Diagnostic[] {
    const data = file.data;
    const kind = data && typeof data === "object" ? (data as { kind?: unknown }).kind : undefined;
    if (!isSpecKind(kind)) {
      const p = posOf(file, ["kind"]);
      return [{ code: "schema.kind", ...p, message: `"kind" must be one of ${SPEC_KINDS.join(", ")}` }];
    }
    const v = this.validators.get(kind)!;
    if (v(data)) return [];
    return reduceErrors(v.errors ?? []).map((e) => toDiagnostic(file, e));
  }
}

/** oneOf/anyOf report every branch; keep the most specific errors so messages stay readable. */
function reduceErrors(errors: ErrorObject[]): ErrorObject[] {
  const deepest = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") continue;
    const list = deepest.get(e.instancePath) ?? [];
    list.push(e);
    deepest.set(e.instancePath, list);
  }
  const out: ErrorObject[] = [];
  for (const [path, list] of deepest) {
    const childHasErrors = [...deepest.keys()].some((p) => p !== path && p.startsWith(path + "/"));
    const typeOnly = list.every((e) => e.keyword === "type" || e.keyword === "enum" || e.keyword === "const");
    if (childHasErrors && typeOnly) continue;
    const seen = new Set<string>();
    for (const e of list) {
      const k = `${e.keyword}:${JSON.stringify(e.params)}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(e);
      }
    }
  }
  return out.length ? out : errors.slice(0, 1);
}

function toDiagnostic(file: SourceFile, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") {
    const key = String(params.additionalProperty);
    return { code: "schema.unknown-key", ...posOf(file, [...path, key], true), message: `unknown key "${key}"` };
  }
  if (e.keyword === "required") {
    return { code: "schema.required", ...posOf(file, path), message: `missing required key "${String(params.missingProperty)}"` };
  }
  const where = path.length ? path.join(".") : "(top level)";
  let msg = e.message ?? e.keyword;
  if (e.keyword === "enum") msg = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  if (e.keyword === "const") msg = `must be ${JSON.stringify(params.allowedValue)}`;
  return { code: `schema.${e.keyword}`, ...posOf(file, path), message: `${where}: ${msg}` };
}
