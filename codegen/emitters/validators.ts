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
  worker: true,
  async warm() {
    await Promise.all([import("ajv"), import("ajv/dist/standalone/index.js")]);
  },
  async emit(ctx): Promise<GeneratedFile[]> {
    const { Ajv } = await import("ajv");
    const standaloneCode = (await import("ajv/dist/standalone/index.js")).default;
    const specs = schemaSet(ctx.spec.model, ctx.stamp);
    const files: GeneratedFile[] = [];
    const index: string[] = [
      comment.slash(ctx.stamp).trimEnd(),
      "/** Typed entry points of the standalone validators. */",
      "",
      ...specs.map((s) => `import { validate as ${raw(s.name)}${(s.exports ?? []).map((e) => `, ${e.name} as ${e.name}Raw`).join("")} } from "./${s.name}.js";`),
      ...specs.map((s) => `import type { ${[s.typeName, ...(s.exports ?? []).map((e) => e.typeName).filter((t) => t !== "unknown")].join(", ")} } from "../ts/types/${s.name}.js";`),
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
      ...specs.flatMap((s) => (s.exports ?? []).filter((e) => !e.group).map((e) => `export const ${e.name} = ${e.name}Raw as unknown as Validator<${e.typeName}>;`)),
      "",
      ...groups(specs),
    ];
    for (const s of specs) {
      const ajv = new Ajv({ code: { source: true, esm: true, lines: false, optimize: false }, allErrors: true, strict: true, strictRequired: false, unicode: false, logger: false, discriminator: true });
      ajv.addSchema(s.schema);
      const id = s.schema.$id as string;
      const refs: Record<string, string> = { validate: id };
      for (const e of s.exports ?? []) refs[e.name] = `${id}${e.pointer}`;
      const code = standaloneCode.default(ajv, refs);
      if (/\brequire\(/.test(code)) throw new Error(`validator for ${s.name} is not standalone: ${code.match(/require\([^)]*\)/)![0]}`);
      files.push({ path: `generated/validators/${s.name}.ts`, content: `${comment.slash(ctx.stamp)}// @ts-nocheck -- ajv standalone output; typed through ./index.ts\n${code.replace(/^"use strict";/, "")}\n` });
    }
    files.push({ path: "generated/validators/index.ts", content: index.join("\n") });
    return files;
  },
};

/** Grouped exports become one lookup table per group, keyed by operation or command name. */
function groups(specs: ReturnType<typeof schemaSet>): string[] {
  const byGroup = new Map<string, { key: string; name: string }[]>();
  for (const s of specs)
    for (const e of s.exports ?? []) {
      if (!e.group) continue;
      const list = byGroup.get(e.group.name) ?? [];
      list.push({ key: e.group.key, name: e.name });
      byGroup.set(e.group.name, list);
    }
  return [...byGroup.entries()].flatMap(([g, list]) => [
    `export const ${g}: Readonly<Record<string, Validator<unknown>>> = {`,
    ...list.map((x) => `  ${JSON.stringify(x.key)}: ${x.name}Raw as unknown as Validator<unknown>,`),
    "};",
    "",
  ]);
}

function raw(name: string): string {
  return `${name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Raw`;
}
