import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { Emitter, GeneratedFile } from "../driver/types.js";
import { comment } from "../print/stamp.js";
import { schemaSet } from "./schema-set.js";

/**
 * ajv standalone validators: no schema compilation at run time. `unicode: false`
 * keeps ajv from requiring its ucs2length runtime helper (all our strings are
 * ASCII), so each module is truly standalone; we check that no require() remains.
 */
export const validatorsEmitter: Emitter = {
  name: "validators",
  emit(ctx): GeneratedFile[] {
    const specs = schemaSet(ctx.spec.model, ctx.stamp);
    const files: GeneratedFile[] = [];
    const index: string[] = [
      comment.slash(ctx.stamp).trimEnd(),
      "/** Typed entry points of the standalone validators. */",
      "",
      ...specs.map((s) => `import { validate as ${raw(s.name)} } from "./${s.name}.js";`),
      ...specs.map((s) => `import type { ${s.typeName} } from "../ts/types/${s.name}.js";`),
      "",
      "/** One validation failure: where (JSON Pointer), which schema rule, and a message for people. */",
      "export interface ValidationError {",
      "  instancePath: string;",
      "  schemaPath: string;",
      "  keyword: string;",
      "  params: Record<string, unknown>;",
      "  message?: string;",
      "}",
      "",
      "export interface Validator<T> {",
      "  (data: unknown): data is T;",
      "  errors?: ValidationError[] | null;",
      "}",
      "",
      ...specs.flatMap((s) => [`/** ${s.title} */`, `export const validate${s.typeName} = ${raw(s.name)} as unknown as Validator<${s.typeName}>;`, ""]),
    ];
    for (const s of specs) {
      const ajv = new Ajv({ code: { source: true, esm: true, lines: false, optimize: false }, allErrors: true, strict: true, strictRequired: false, unicode: false, logger: false, discriminator: true });
      const validate = ajv.compile(s.schema);
      const code = standaloneCode.default(ajv, validate);
      if (/\brequire\(/.test(code)) throw new Error(`validator for ${s.name} is not standalone: ${code.match(/require\([^)]*\)/)![0]}`);
      files.push({ path: `generated/validators/${s.name}.ts`, content: `${comment.slash(ctx.stamp)}// @ts-nocheck -- ajv standalone output; typed through ./index.ts\n${code.replace(/^"use strict";/, "")}\n` });
    }
    files.push({ path: "generated/validators/index.ts", content: index.join("\n") });
    return files;
  },
};

function raw(name: string): string {
  return `${name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Raw`;
}
