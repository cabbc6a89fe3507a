import type { Emitter, GeneratedFile } from "../driver/types.js";
import { reindentTs } from "../print/reindent.js";
import { comment } from "../print/stamp.js";
import { schemaSet } from "./schema-set.js";

/** TypeScript types derived from the generated JSON Schemas (json-schema-to-typescript). */
export const tsTypesEmitter: Emitter = {
  name: "ts-types",
  async emit(ctx): Promise<GeneratedFile[]> {
    const { compile } = await import("json-schema-to-typescript");
    const files: GeneratedFile[] = [];
    for (const s of schemaSet(ctx.spec.model, ctx.stamp)) {
      const schema = { ...s.schema, title: s.typeName };
      const ts = await compile(schema as Parameters<typeof compile>[0], s.typeName, {
        bannerComment: `${comment.slash(ctx.stamp).trimEnd()}\n/** ${s.title}: types derived from generated/schemas/${s.name}.schema.json */`,
        additionalProperties: false,
        declareExternallyReferenced: true,
        unreachableDefinitions: false,
        strictIndexSignatures: true,
        format: false,
        unknownAny: true,
      });
      files.push({ path: `generated/ts/types/${s.name}.ts`, content: reindentTs(ts) });
    }
    const index = [comment.slash(ctx.stamp).trimEnd(), "/** Types derived from the generated JSON Schemas. */", "", ...schemaSet(ctx.spec.model, ctx.stamp).map((s) => `export type * from "./${s.name}.js";`)].join("\n");
    files.push({ path: "generated/ts/types/index.ts", content: index });
    return files;
  },
};
