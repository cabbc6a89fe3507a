import type { Emitter, GeneratedFile } from "../driver/types.js";
import { canonicalJsonPretty } from "../model/canonical.js";
import { schemaSet } from "./schema-set.js";

/** JSON Schemas for events, the .mailbox document and the manager reports, plus the canonical model dump. */
export const schemasEmitter: Emitter = {
  name: "schemas",
  emit(ctx): GeneratedFile[] {
    const files = schemaSet(ctx.spec.model, ctx.stamp).map((s) => ({ path: `generated/schemas/${s.name}.schema.json`, content: JSON.stringify(s.schema, null, 2) + "\n" }));
    // The canonical model, for tools that want the spec as data (and for readable diffs of meaning).
    files.push({
      path: "generated/model/hsx-spec.json",
      content: canonicalJsonPretty({ $comment: ctx.stamp.line, hash: ctx.spec.hash, model: ctx.spec.model }),
    });
    return files;
  },
};
