import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mergeOutputs, runEmitters } from "./driver/plan.js";
import type { Emitter, GeneratedFile } from "./driver/types.js";
import { EmitWorker } from "./driver/worker.js";
import { EMITTERS } from "./emitters/index.js";
import { loadSpec } from "./load.js";
import type { LoadedSpec } from "./model/index.js";
import { PACKAGE_ROOT } from "./paths.js";
import { makeStamp } from "./print/stamp.js";

export const GENERATOR_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;

export interface Generation {
  spec: LoadedSpec;
  files: GeneratedFile[];
}

/** Start the worker for the emitters that ask for one (none when a test passes its own list). */
function startWorker(emitters: readonly Emitter[]): EmitWorker | null {
  const names = emitters.filter((e) => e.worker).map((e) => e.name);
  return names.length ? new EmitWorker(names) : null;
}

async function emitAll(spec: LoadedSpec, emitters: readonly Emitter[], worker: EmitWorker | null): Promise<Generation> {
  const stamp = makeStamp(spec, GENERATOR_VERSION);
  const local = worker ? emitters.filter((e) => !e.worker) : emitters;
  const remote = worker ? worker.run(spec.model, spec.hash, stamp) : Promise.resolve([]);
  let mine;
  try {
    mine = await runEmitters(local, { spec, stamp });
  } catch (e) {
    worker?.stop();
    throw e;
  }
  return { spec, files: mergeOutputs([...(await remote), ...mine]) };
}

/** Load and lint the spec, then run every emitter in memory. Throws SpecError on a bad spec. */
export async function generate(specDir: string, base = process.cwd(), emitters: readonly Emitter[] = EMITTERS): Promise<Generation> {
  const worker = startWorker(emitters);
  let spec;
  try {
    spec = loadSpec(specDir, base);
  } catch (e) {
    worker?.stop();
    throw e;
  }
  return emitAll(spec, emitters, worker);
}

/** Run every emitter over an already loaded (and linted) spec. */
export async function generateFrom(spec: LoadedSpec, emitters: readonly Emitter[] = EMITTERS): Promise<Generation> {
  return emitAll(spec, emitters, startWorker(emitters));
}
