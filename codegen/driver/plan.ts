import type { Emitter, EmitContext, GeneratedFile } from "./types.js";

/** Directories owned entirely by the generator: everything in them is regenerated, anything else there is stale. */
export const OUTPUT_ROOTS = ["generated", "conformance/vectors/isa"] as const;

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

/** Run every emitter in memory; validate paths; return files sorted by path. */
export async function planOutputs(emitters: readonly Emitter[], ctx: EmitContext): Promise<GeneratedFile[]> {
  const byPath = new Map<string, { file: GeneratedFile; emitter: string }>();
  for (const e of emitters) {
    const files = await e.emit(ctx);
    for (const f of files) {
      if (!OUTPUT_ROOTS.some((r) => f.path.startsWith(r + "/")) || f.path.includes("..") || f.path.includes("\\")) {
        throw new PlanError(`emitter ${e.name} wrote outside the output roots: ${f.path}`);
      }
      const prior = byPath.get(f.path);
      if (prior) throw new PlanError(`emitters ${prior.emitter} and ${e.name} both write ${f.path}`);
      const content = f.content.endsWith("\n") ? f.content : f.content + "\n";
      if (content.includes("\r")) throw new PlanError(`${f.path}: generated text must use LF line endings`);
      byPath.set(f.path, { file: { path: f.path, content }, emitter: e.name });
    }
  }
  return [...byPath.values()].map((x) => x.file).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
