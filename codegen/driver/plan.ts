import type { Emitter, EmitContext, GeneratedFile } from "./types.js";

/** Directories owned entirely by the generator: everything in them is regenerated, anything else there is stale. */
export const OUTPUT_ROOTS = ["generated", "conformance/vectors/isa"] as const;

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

/** The files one emitter produced. */
export interface EmitResult {
  emitter: string;
  files: GeneratedFile[];
}

export async function runEmitters(emitters: readonly Emitter[], ctx: EmitContext): Promise<EmitResult[]> {
  const out: EmitResult[] = [];
  for (const e of emitters) out.push({ emitter: e.name, files: await e.emit(ctx) });
  return out;
}

/** Validate paths (inside the output roots, no collisions, LF only) and sort by path. */
export function mergeOutputs(results: readonly EmitResult[]): GeneratedFile[] {
  const byPath = new Map<string, { file: GeneratedFile; emitter: string }>();
  for (const { emitter, files } of results) {
    for (const f of files) {
      if (!OUTPUT_ROOTS.some((r) => f.path.startsWith(r + "/")) || f.path.includes("..") || f.path.includes("\\")) {
        throw new PlanError(`emitter ${emitter} wrote outside the output roots: ${f.path}`);
      }
      const prior = byPath.get(f.path);
      if (prior) throw new PlanError(`emitters ${prior.emitter} and ${emitter} both write ${f.path}`);
      const content = f.content.endsWith("\n") ? f.content : f.content + "\n";
      if (content.includes("\r")) throw new PlanError(`${f.path}: generated text must use LF line endings`);
      byPath.set(f.path, { file: { path: f.path, content }, emitter });
    }
  }
  return [...byPath.values()].map((x) => x.file).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Run every emitter in memory; validate paths; return files sorted by path. */
export async function planOutputs(emitters: readonly Emitter[], ctx: EmitContext): Promise<GeneratedFile[]> {
  return mergeOutputs(await runEmitters(emitters, ctx));
}
