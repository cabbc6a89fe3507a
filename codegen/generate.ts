import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planOutputs } from "./driver/plan.js";
import type { Emitter, GeneratedFile } from "./driver/types.js";
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

/** Load and lint the spec, then run every emitter in memory. Throws SpecError on a bad spec. */
export async function generate(specDir: string, base = process.cwd(), emitters: readonly Emitter[] = EMITTERS): Promise<Generation> {
  return generateFrom(loadSpec(specDir, base), emitters);
}

/** Run every emitter over an already loaded (and linted) spec. */
export async function generateFrom(spec: LoadedSpec, emitters: readonly Emitter[] = EMITTERS): Promise<Generation> {
  const files = await planOutputs(emitters, { spec, stamp: makeStamp(spec, GENERATOR_VERSION) });
  return { spec, files };
}
